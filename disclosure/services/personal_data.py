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
