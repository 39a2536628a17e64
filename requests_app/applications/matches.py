"""Published documents that match what an application asks for (search before you apply).

The applicant sees them while typing on /apply/ (a JSON endpoint and a page without
JavaScript); staff see them on the application's page, to answer under 第三十六条第（一）项
(已主动公开的, 告知获取方式) when the information is already public. Only published
documents: the catalogue's search (`disclosure.search.query.suggest`) never returns others.
"""

from dataclasses import dataclass
from datetime import date

from disclosure.models import Disclosure

MAX_QUERY = 200
MIN_QUERY = 2


@dataclass(frozen=True)
class Match:
    pk: int
    title: str
    url: str
    document_number: str
    index_number: str
    organization: str
    published_on: date | None

    def to_json(self) -> dict:
        return {
            "title": self.title,
            "url": self.url,
            "document_number": self.document_number,
            "index_number": self.index_number,
            "organization": self.organization,
            "published_on": self.published_on.isoformat() if self.published_on else "",
        }


def clean_query(text: str) -> str:
    """The text searched: whitespace collapsed, at most MAX_QUERY characters."""
    return " ".join((text or "").split())[:MAX_QUERY]


def published_matches(text: str, *, limit: int = 5) -> list[Match]:
    """Up to `limit` published documents matching `text`, best first ([] for a short text)."""
    from disclosure.search.query import suggest

    text = clean_query(text)
    if len(text) < MIN_QUERY:
        return []
    ids = [d.pk for d in suggest(text, limit=limit)][:limit]
    # Read again, published only and with the organization in the same query, in the
    # order the search ranked them.
    rows = Disclosure.objects.published().select_related("organization").in_bulk(ids)
    found = [rows[pk] for pk in ids if pk in rows]
    return [
        Match(
            pk=d.pk,
            title=d.title,
            url=d.get_absolute_url(),
            document_number=d.document_number,
            index_number=d.index_number,
            organization=d.organization.name,
            published_on=d.published_on,
        )
        for d in found
    ]


def application_query(application) -> str:
    """What an application asks for, as a search text: the name of the information, its
    document number and the description."""
    parts = (application.information_title, application.information_number, application.description)
    return clean_query(" ".join(p for p in parts if p))
