from django.db import IntegrityError, transaction

from disclosure.models.catalogue import Disclosure, IndexSequence


def next_index_number(organization, year: int) -> str:
    """The next free 索引号 `<identifier>/<year>-<5-digit serial>` for an organization.

    The sequence row is locked (select_for_update) for the rest of the caller's
    transaction, so concurrent saves get distinct serials. Serials already taken
    by imported numbers are skipped.
    """
    identifier = organization.index_identifier
    with transaction.atomic():
        try:
            with transaction.atomic():
                IndexSequence.objects.get_or_create(identifier=identifier, year=year)
        except IntegrityError:
            pass  # created concurrently: the row exists now, lock it below
        seq = IndexSequence.objects.select_for_update().get(identifier=identifier, year=year)
        while True:
            seq.last += 1
            candidate = f"{identifier}/{year}-{seq.last:05d}"
            if not Disclosure.objects.filter(index_number=candidate).exists():
                break
        seq.save(update_fields=["last"])
    return candidate
