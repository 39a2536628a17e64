"""索引号: `<credit code or organization code>/<year>-<5-digit serial>`, one sequence per
organization identifier and year (core.models.YearlySequence)."""

from django.db import transaction

from disclosure.models.catalogue import Disclosure, IndexSequence


def next_index_number(organization, year: int) -> str:
    """The next free 索引号 for an organization and year.

    The sequence row stays locked for the rest of the caller's transaction, so
    concurrent saves get distinct serials; serials already taken by imported
    numbers are skipped.
    """
    identifier = organization.index_identifier
    return IndexSequence.next_number(
        year=year,
        key={"identifier": identifier},
        render=lambda serial: f"{identifier}/{year}-{serial:05d}",
        taken=lambda number: Disclosure.objects.filter(index_number=number).exists(),
    )


def assign_index_number(disclosure: Disclosure) -> None:
    """Give a disclosure without a 索引号 the next one of its organization and year (a
    索引号 typed in or imported is kept). Call inside the transaction that saves it."""
    if not (disclosure.index_number or "").strip():
        disclosure.index_number = next_index_number(disclosure.organization, disclosure.index_year)


def save_disclosure(disclosure: Disclosure) -> Disclosure:
    """Save a new disclosure with its 索引号, in one transaction.

    Every new disclosure is saved through here or `assign_index_number` (admin,
    imports, published reports): the model's own save() only normalises its fields.
    """
    with transaction.atomic():
        assign_index_number(disclosure)
        disclosure.save()
    return disclosure
