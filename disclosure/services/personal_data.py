"""The access log of personal data: who opened or downloaded which record's full data, when."""

from django.contrib.contenttypes.models import ContentType

from disclosure.models import PersonalDataAccess


def record_personal_data_access(*, user, obj, what: str, path: str = "") -> PersonalDataAccess:
    """Append one row to the log; `what` names what was shown or downloaded."""
    return PersonalDataAccess.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "get_username", lambda: "")()[:150],
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        what=str(what)[:200],
        path=(path or "")[:500],
    )


def record_personal_data_accesses(*, user, objects, what: str, path: str = "") -> int:
    """One row per record of `objects`, in one insert: a download showing many records' data."""
    objects = list(objects)
    if not objects:
        return 0
    content_type = ContentType.objects.get_for_model(objects[0], for_concrete_model=False)
    username = getattr(user, "get_username", lambda: "")()[:150]
    rows = [
        PersonalDataAccess(
            user=user if getattr(user, "pk", None) else None,
            username=username,
            content_type=content_type,
            object_id=str(obj.pk),
            object_repr=str(obj)[:200],
            what=str(what)[:200],
            path=(path or "")[:500],
        )
        for obj in objects
    ]
    PersonalDataAccess.objects.bulk_create(rows)
    return len(rows)
