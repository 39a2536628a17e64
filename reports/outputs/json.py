"""The report as the engine's JSON shape (`ReportDocument.as_json()`)."""

import json

from reports.engine.document import ReportDocument


def to_json(doc: ReportDocument) -> str:
    return json.dumps(doc.as_json(), ensure_ascii=False, indent=2)
