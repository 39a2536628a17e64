"""The report's figures as CSV: one row per figure, with its label, unit and source."""

import csv
import io

from core.spreadsheets import safe_cell
from reports.engine.document import ReportDocument


def to_csv(doc: ReportDocument) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["key", "label", "unit", "value", "qualifier", "source", "note"])
    for f in doc.figures.values():
        row = [f.key, f.definition.label, f.definition.unit, "" if f.value is None else f.value,
               f.qualifier, f.source, f.note]  # fmt: skip
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()
