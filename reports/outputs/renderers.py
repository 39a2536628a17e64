"""Every output of a report by name, for the command, the admin's drafts and the downloads."""

from reports.outputs.csv import to_csv
from reports.outputs.docx import to_docx
from reports.outputs.html import to_html
from reports.outputs.json import to_json
from reports.outputs.text import to_text
from reports.outputs.xlsx import to_xlsx

RENDERERS = {
    "text": to_text,
    "html": to_html,
    "json": to_json,
    "csv": to_csv,
    "docx": to_docx,
    "xlsx": to_xlsx,
}
BINARY = {"docx", "xlsx"}
