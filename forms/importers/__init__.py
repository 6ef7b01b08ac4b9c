"""Importers: XLSForm and FHIR Questionnaire files → Coform form YAML plus a report of what was lost.

One public call, `import_file(path, source)`, returns an `ImportResult`; bad input gives an
empty `yaml_text` and an IMPORT_001 issue, never an exception.
"""

from __future__ import annotations

from pathlib import Path

from forms.errors import Code
from forms.importers.fhir import import_questionnaire
from forms.importers.shared import ImportResult, unreadable
from forms.importers.xlsform import import_xlsform
from forms.reader import MAX_BYTES as READER_MAX_BYTES
from forms.reader import FileTooLarge, NotRegularFile, read_file

MAX_BYTES = 20 * 1024 * 1024
SOURCES = {"xlsform": import_xlsform, "fhir": import_questionnaire}

__all__ = ["SOURCES", "ImportResult", "import_bytes", "import_file"]


def import_file(path: str, source: str) -> ImportResult:
    """Import the file at `path`, written in `source` ('xlsform' or 'fhir'), as a Coform form."""
    if source not in SOURCES:
        return unreadable(f"'{source}' is not a format Coform imports",
                          f"Use one of: {', '.join(SOURCES)}.")
    try:
        data = read_file(path, MAX_BYTES)
    except NotRegularFile as exc:
        return ImportResult("", (Code.FILE_NOT_REGULAR.issue(str(path), 1, 1, found=exc.kind),))
    except FileTooLarge:
        return unreadable(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB",
                          "Check this is the right file; forms are far smaller.")
    except OSError as exc:
        return ImportResult("", (Code.IMPORT_UNREADABLE.issue(
            str(path), problem=exc.strerror or type(exc).__name__,
            fix="Check that the path is right and that you have permission to read it."),))
    return import_bytes(data, source, Path(path).name)


def import_bytes(data: bytes, source: str, filename: str) -> ImportResult:
    """Import file content already in memory (an upload in the studio); `filename` names the form."""
    if source not in SOURCES:
        return unreadable(f"'{source}' is not a format Coform imports",
                          f"Use one of: {', '.join(SOURCES)}.")
    if len(data) > MAX_BYTES:
        return unreadable(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB",
                          "Check this is the right file; forms are far smaller.")
    result = SOURCES[source](data, filename)
    size = len(result.yaml_text.encode("utf-8"))
    if size > READER_MAX_BYTES:
        # Checked before anything is written or shown: a form the reader refuses is of no use.
        return ImportResult("", (*result.issues, Code.IMPORT_TOO_LARGE.issue(
            filename, 1, 1, size=f"{size:,}", limit=f"{READER_MAX_BYTES:,}")))
    return result
