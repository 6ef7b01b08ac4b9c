"""Imports are bounded: zip bombs, huge cells, NaN and endless numbers, and output the reader would refuse."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import openpyxl
import pytest

from forms.importers import import_bytes, import_file
from forms.importers.workbook import MAX_CELL_CHARS, MAX_MEMBER_BYTES
from forms.loader import load_text
from forms.reader import MAX_BYTES
from tests.conftest import ROOT
from tests.importers.support import codes, located, questionnaire

MARK = "CELL-TEXT-GOES-HERE"


def workbook_with_label(label_length: int, *, lie: bool = False) -> bytes:
    """A valid XLSForm whose one label is `label_length` letters, deflated: a few hundred KB on disk.

    The big string is streamed into the zip a megabyte at a time, so building the bomb never holds
    it in memory. With `lie`, the zip's headers then claim that member is 100 bytes long.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    sheet.append(["text", "q", MARK])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for info in source.infolist():
            data = source.read(info)
            if MARK.encode() not in data:
                bomb.writestr(info.filename, data)
                continue
            before, after = data.split(MARK.encode())
            with bomb.open(info.filename, "w", force_zip64=True) as member:
                member.write(before)
                left = label_length
                while left:
                    step = min(left, 1 << 20)
                    member.write(b"a" * step)
                    left -= step
                member.write(after)
    data = out.getvalue()
    if lie:
        data = _claim_small(data)
    return data


def _claim_small(data: bytes) -> bytes:
    """Rewrite the large member's size, in its local header and central directory, to 100 bytes.

    The size is under 4 GB, so it is written as 4 little-endian bytes (the low half of the 8-byte
    zip64 field in the local header, whose high half is zero).
    """
    big = max(zipfile.ZipFile(io.BytesIO(data)).infolist(), key=lambda i: i.file_size).file_size
    assert data.count(big.to_bytes(4, "little")) == 2
    return data.replace(big.to_bytes(4, "little"), (100).to_bytes(4, "little"))


# VmHWM is this process's own peak: getrusage's ru_maxrss survives exec on Linux, so a child of a
# large pytest process would report the parent's size.
PEAK = textwrap.dedent("""\
    import re, sys
    from forms.importers import import_file
    result = import_file(sys.argv[1], "xlsform")
    print(",".join(i.code for i in result.issues), len(result.yaml_text))
    status = open("/proc/self/status", encoding="ascii").read()
    print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024)  # peak memory in MB
""")


def import_in_subprocess(path: Path) -> tuple[str, int]:
    out = subprocess.run([sys.executable, "-c", PEAK, str(path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    first, peak = out.stdout.splitlines()
    return first, int(peak)


def test_a_zip_bomb_cell_is_refused_before_it_is_unpacked(tmp_path):
    # 100 MB of text in one cell, about 100 KB on disk: it used to be imported at over 4 times
    # its size in memory (a 300 MB cell took 1.3 GB).
    bomb = tmp_path / "bomb.xlsx"
    bomb.write_bytes(workbook_with_label(100 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    first, peak = import_in_subprocess(bomb)
    assert first == "IMPORT_009 0"
    assert peak < 150, f"peak memory {peak} MB"


def test_a_zip_that_lies_about_its_sizes_is_refused_too(tmp_path):
    bomb = tmp_path / "liar.xlsx"
    bomb.write_bytes(workbook_with_label(100 * 1024 * 1024, lie=True))
    assert all(i.file_size <= MAX_MEMBER_BYTES for i in zipfile.ZipFile(bomb).infolist())
    first, peak = import_in_subprocess(bomb)
    assert first.split()[0] in ("IMPORT_001", "IMPORT_009") and first.endswith(" 0")
    assert peak < 150, f"peak memory {peak} MB"


def test_a_cell_longer_than_a_spreadsheet_allows_is_a_located_refusal(tmp_path):
    path = tmp_path / "long.xlsx"
    path.write_bytes(workbook_with_label(MAX_CELL_CHARS + 1))
    result = import_file(str(path), "xlsform")
    assert result.yaml_text == ""
    assert located(result) == [("IMPORT_010", "survey", 2)]
    assert result.issues[0].column == 3
    assert "survey row 2 column 3" in result.issues[0].message


def test_a_cell_as_long_as_a_spreadsheet_allows_is_imported(tmp_path):
    path = tmp_path / "long.xlsx"
    path.write_bytes(workbook_with_label(MAX_CELL_CHARS))
    result = import_file(str(path), "xlsform")
    assert result.yaml_text and "IMPORT_010" not in codes(result)


def test_one_shared_string_in_every_row_cannot_add_up_past_the_reader_limit(tmp_path):
    # One 30,000-character string used by 400 rows is 12 MB of text from a tiny sheet.
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    sheet.append(["type", "name", "label"])
    for n in range(400):
        sheet.append(["text", f"q{n}", "a" * 30_000])
    path = tmp_path / "many.xlsx"
    book.save(path)
    result = import_file(str(path), "xlsform")
    assert result.yaml_text == ""
    assert codes(result) == ["IMPORT_008"]


NAN_ITEM = """{"resourceType": "Questionnaire", "status": "draft", "item": [
  {"linkId": "weight", "text": "Weight", "type": "decimal",
   "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/minValue",
                  "valueDecimal": VALUE}]}]}"""


@pytest.mark.parametrize(("value", "what"), [
    ("NaN", "the value NaN"), ("Infinity", "the value Infinity"), ("-Infinity", "the value -Infinity"),
    ("1e999", "the number 1e999"), ("9" * 100_000, "a number of 100,000 digits"),
], ids=["NaN", "Infinity", "-Infinity", "1e999", "100000-digits"])
def test_fhir_numbers_coform_cannot_use_are_refused_where_they_are(value, what):
    result = import_bytes(NAN_ITEM.replace("VALUE", value).encode(), "fhir", "q.json")
    assert result.yaml_text == ""
    assert [(i.code, i.line, i.column) for i in result.issues] == [("IMPORT_007", 4, 35)]
    assert what in result.issues[0].message
    assert len(result.issues[0].format()) < 400


def test_an_ordinary_decimal_still_imports():
    result = import_bytes(NAN_ITEM.replace("VALUE", "2.5").encode(), "fhir", "q.json")
    assert "min: 2.5" in result.yaml_text


def test_an_import_never_gives_more_yaml_than_the_reader_accepts(tmp_path):
    # About 10 MB of FHIR (under the 20 MB import limit) that would give over 8 MB of YAML.
    items = [{"linkId": f"q{n}", "text": "a" * 35_000, "type": "string"} for n in range(290)]
    data = json.dumps({"resourceType": "Questionnaire", "status": "draft", "item": items}).encode()
    assert 10_000_000 < len(data) < 20 * 1024 * 1024
    result = import_bytes(data, "fhir", "big.json")
    assert result.yaml_text == ""
    assert located(result, "IMPORT_008") == [("IMPORT_008", "big.json", 1)]
    source = tmp_path / "big.json"
    source.write_bytes(data)
    out = subprocess.run([sys.executable, "-m", "forms", "import", str(source), "--from", "fhir", "--out",
                          str(tmp_path / "big.yaml")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 1
    assert f"{source}:1:1: IMPORT_008 " in out.stderr
    assert not (tmp_path / "big.yaml").exists()


def test_what_an_import_gives_at_the_limit_the_reader_reads():
    items = [{"linkId": f"q{n}", "text": "a" * 30_000, "type": "string"} for n in range(200)]
    result = questionnaire(items)
    assert result.yaml_text and len(result.yaml_text.encode()) <= MAX_BYTES
    assert load_text(result.yaml_text, "x.yaml", forms={}, lint=False).errors == ()
