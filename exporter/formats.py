"""Imports every format module so each registers itself in `exporter.base.FORMATS`."""

from exporter import (  # noqa: F401 - imported for their registrations
    bpmn,
    csv_dictionary,
    fhir,
    html_spec,
    json_schema,
    markdown_spec,
    pack,
    text_diagrams,
    xlsform,
)
from exporter.base import FORMATS

__all__ = ["FORMATS"]
