"""Reading the demo's static tables in `demo/data/` (UTF-8 CSV and JSON, see its README.md)."""

import csv
import json
from datetime import date
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def path(name: str) -> Path:
    return DATA_DIR / name


def read_csv(name: str) -> list[dict[str, str]]:
    """The rows of a CSV file with a header line, as dicts of stripped text."""
    with path(name).open(encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def read_json(name: str):
    with path(name).open(encoding="utf-8") as f:
        return json.load(f)


def to_date(value: str | None) -> date | None:
    """An ISO date (`2016-03-15`); blank or None is None."""
    return date.fromisoformat(value) if value else None
