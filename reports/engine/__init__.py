"""The annual report's engine: figures, providers, tables, formats, layouts, placeholders,
checks, the document, `generate` (its one entry point) and the snapshots of published
revisions. Outputs (`reports.outputs`) render its documents; `reports.models` never imports it.
"""
