"""The report's figures as CSV: one row per figure, with its label, unit and source.

Officials open this file in Excel, so its headings and its words (source, qualifier)
are in the active language; the figure keys stay as they are (the `figures` import
reads them). The JSON export is the machine contract with stable English keys.
"""

import csv
import io

from core.spreadsheets import safe_cell
from reports.engine.document import ReportDocument
from reports.outputs.common import figure_headers, qualifier_text, source_text


def to_csv(doc: ReportDocument) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(figure_headers())
    for f in doc.figures.values():
        row = [f.key, f.definition.label, f.definition.unit, "" if f.value is None else f.value,
               qualifier_text(f.qualifier), source_text(f.source), f.note]  # fmt: skip
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()
