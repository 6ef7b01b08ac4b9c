"""Exporter: the vendor spec pack (HTML and Markdown spec, JSON Schema, FHIR, XLSForm, CSV, BPMN, diagrams).

Each format is a module that registers one function `Subject -> ExportResult` in
`exporter.base.FORMATS`; `exporter.formats` imports them all; `exporter.pack` zips them.
"""
