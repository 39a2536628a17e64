"""The report as the engine's JSON shape (`ReportDocument.as_json()`)."""

import json

from reports.engine.document import ReportDocument


def to_json(doc: ReportDocument) -> str:
    return json.dumps(doc.as_json(), ensure_ascii=False, indent=2)


def revision_data(revision) -> dict:
    """A published revision as its .json download gives it (and the API): the document frozen
    at publication (`as_json()` of its snapshot) and the revision's number, date and note."""
    return {
        **revision.snapshot["document"],
        "revision": {
            "number": revision.number,
            "published_on": revision.published_on.isoformat(),
            "note": revision.note,
        },
    }
