"""Exporter: the vendor spec pack (HTML and Markdown spec, JSON Schema, FHIR, XLSForm, CSV, BPMN, diagrams).

Each format is a module that registers one function `Subject -> ExportResult` in
`exporter.base.FORMATS`; `exporter.pack` imports every format it holds (all of them) and zips
them; `exporter.formats` is the registry to import.
"""
