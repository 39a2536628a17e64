"""Renderers of a report document (text, HTML, JSON, CSV, docx, xlsx) and the trend charts."""
