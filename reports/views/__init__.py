"""Public pages: published reports with their revisions and downloads, and the trend page."""
