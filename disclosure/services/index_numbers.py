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


# Numbers looked up per query when a block is checked against those already used.
TAKEN_QUERY_CHUNK = 2000


def next_index_numbers(
    organization, year: int, count: int, *, reserved: set[str] | frozenset[str] = frozenset()
) -> list[str]:
    """The next `count` free 索引号 of an organization and year, as `count` calls of
    `next_index_number` would give them, in a few queries (bulk imports).

    `reserved`: numbers the caller is about to save itself (an import's given 索引号),
    skipped like the numbers already in the database. Same lock as `next_index_number`.
    """
    return next_index_numbers_in_blocks([(organization, year, count)], reserved=reserved)[0]


def next_index_numbers_in_blocks(
    wanted: list[tuple[object, int, int]], *, reserved: set[str] | frozenset[str] = frozenset()
) -> list[list[str]]:
    """`next_index_numbers` for each (organization, year, count) of `wanted`, all in a few
    queries whatever the number of organizations and years."""

    def taken_among(numbers: list[str]) -> set[str]:
        taken = {n for n in numbers if n in reserved}
        for start in range(0, len(numbers), TAKEN_QUERY_CHUNK):
            chunk = numbers[start : start + TAKEN_QUERY_CHUNK]
            taken.update(
                Disclosure.objects.filter(index_number__in=chunk).values_list(
                    "index_number", flat=True
                )
            )
        return taken

    def renderer(identifier: str, year: int):
        return lambda serial: f"{identifier}/{year}-{serial:05d}"

    requests = []
    for organization, year, count in wanted:
        identifier = organization.index_identifier
        requests.append((year, {"identifier": identifier}, count, renderer(identifier, year)))
    return IndexSequence.next_numbers_in_blocks(requests, taken_among=taken_among)


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
