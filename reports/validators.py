"""Checks on what staff type into reports, and the characters the documents cannot hold.

Text copied out of a PDF often carries invisible control characters (a backspace,
a form feed, U+0008 …). XML 1.0, and so .docx and .xlsx, cannot hold them: a
report containing one cannot be written as a document at all. They are refused on
input (`validate_no_control_characters`) and removed on output
(`strip_control_characters`), which also covers revisions published before the
check existed and text arriving from other records (proposal titles).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Kept in the kernel: the applications' ledger writes .xlsx too (re-exported here).
from core.spreadsheets import XML_ILLEGAL, strip_control_characters  # noqa: F401

# The first and last years a report or an entered figure may be about: the database
# constraints say the same (`report_year`, `entered_figure_year`).
FIRST_YEAR = 2000
LAST_YEAR = 2100


def validate_no_control_characters(value: str) -> None:
    match = XML_ILLEGAL.search(value or "")
    if match is None:
        return
    line = value.count("\n", 0, match.start()) + 1
    column = match.start() - (value.rfind("\n", 0, match.start()) + 1) + 1
    raise ValidationError(
        _(
            "Line %(line)d, character %(column)d holds an invisible control character "
            "(%(code)s), often carried over when text is copied from a PDF. Remove it: "
            "the Word and Excel documents cannot contain it."
        ),
        code="control_character",
        params={"line": line, "column": column, "code": f"U+{ord(match.group()):04X}"},
    )
