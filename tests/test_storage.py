"""Saving form files: atomic replace, conflict detection, previous versions kept, invalid text refused, I/O errors explained."""

from __future__ import annotations

import os
import textwrap

import pytest

from forms import storage
from forms.storage import CONFLICT, FAILED, INVALID, SAVED, open_text, save, save_copy, sha256_of

FORM = textwrap.dedent("""\
    kind: form
    id: note
    title: Case note
    version: 1
    purpose: To record a visit.
    sections:
      - id: visit
        title: The visit
        fields:
          - {id: what_happened, label: What happened?, type: long_text, hint: In plain words.}
""")
EDITED = FORM.replace("What happened?", "What happened on the visit?")
THEIRS = FORM.replace("version: 1", "version: 2")
BROKEN = FORM.replace("type: long_text", "type: nmber")
WARNED = FORM.replace("hint: In plain words.", "required: true")  # a long text with no hint: a warning only


@pytest.fixture
def opened(tmp_path):
    path = tmp_path / "note.yaml"
    path.write_text(FORM, encoding="utf-8")
    return path, open_text(path)


def leftovers(folder) -> list[str]:
    """Temporary files left behind in a folder (there should never be any)."""
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_open_text_fingerprints_the_bytes(opened):
    path, file = opened
    assert file.ok and file.text == FORM
    assert file.sha256 == sha256_of(path.read_bytes()) == sha256_of(FORM)


def test_open_text_of_a_missing_file_says_so(tmp_path):
    file = open_text(tmp_path / "gone.yaml")
    assert not file.ok and file.sha256 is None
    assert "gone.yaml does not exist" in file.message
    assert file.problem.code == "FILE_004" and file.problem.fix


def test_open_text_never_reads_a_named_pipe(tmp_path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)  # opening it for reading would wait for a writer for ever
    file = open_text(pipe)
    assert not file.ok and file.problem.code == "FILE_005"
    assert file.message.startswith("pipe.yaml is a named pipe, not a file saved on disk")


def test_open_text_refuses_a_file_over_the_limit(tmp_path):
    from forms.reader import MAX_BYTES

    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    file = open_text(big)
    assert not file.ok and file.problem.code == "FILE_006"
    assert file.message.startswith(f"big.yaml is {MAX_BYTES + 1} bytes, more than the {MAX_BYTES} bytes")


def test_open_text_of_a_file_it_may_not_read_names_the_file(opened, monkeypatch):
    path, _ = opened

    def refuse(target):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(storage, "read_file", refuse)  # as root, chmod would not deny anything
    file = open_text(path)
    assert not file.ok and file.problem.code == "FILE_001"
    assert file.message == ("the file cannot be read: Permission denied (note.yaml). Check that the path is right "
                            "and that you have permission to read it.")


def test_save_replaces_the_file_atomically_and_keeps_the_previous_version(opened):
    path, file = opened
    result = save(path, EDITED, file.sha256)
    assert result.status == SAVED and result.ok
    assert path.read_text(encoding="utf-8") == EDITED
    assert result.sha256 == sha256_of(EDITED)
    kept = path.parent / ".history" / "note.yaml.1"
    assert result.previous == str(kept) and kept.read_text(encoding="utf-8") == FORM
    assert "kept as .history/note.yaml.1" in result.message
    assert leftovers(path.parent) == [] and leftovers(kept.parent) == []


def test_the_rename_is_the_only_write_to_the_target(opened, monkeypatch):
    path, file = opened
    replaced = []
    real_replace = os.replace

    def spy(src, dst):
        replaced.append((os.path.basename(str(src)), os.path.basename(str(dst))))
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", spy)
    save(path, EDITED, file.sha256)
    # The history copy and the file itself both arrive by renaming a finished temporary file.
    assert [dst for _, dst in replaced] == ["note.yaml.1", "note.yaml"]
    assert all(src.startswith(".note.yaml.") and src.endswith(".tmp") for src, _ in replaced)


def test_numbered_previous_versions_accumulate_and_are_pruned(opened):
    path, file = opened
    sha = file.sha256
    texts = [FORM.replace("version: 1", f"version: {n}") for n in range(2, 7)]
    for text in texts:
        result = save(path, text, sha, keep=3)
        assert result.ok, result.message
        sha = result.sha256
    kept = storage.history(path)
    assert [p.name for p in kept] == ["note.yaml.3", "note.yaml.4", "note.yaml.5"]
    assert [p.read_text(encoding="utf-8") for p in kept] == [FORM.replace("version: 1", f"version: {n}")
                                                           for n in (3, 4, 5)]
    assert path.read_text(encoding="utf-8") == texts[-1]


def test_history_copies_are_never_taken_for_forms(opened):
    path, file = opened
    save(path, EDITED, file.sha256)
    assert sorted(p.name for p in path.parent.rglob("*.yaml")) == ["note.yaml"]


def test_a_file_changed_on_disk_since_it_was_opened_is_a_conflict_with_both_texts(opened):
    path, file = opened
    path.write_text(THEIRS, encoding="utf-8")  # someone else saves first
    result = save(path, EDITED, file.sha256)
    assert result.status == CONFLICT and result.conflict and not result.ok
    assert result.mine == EDITED and result.theirs == THEIRS
    assert result.theirs_sha256 == sha256_of(THEIRS)
    assert "someone else changed note.yaml" in result.message and result.problem.code == "FILE_010"
    assert path.read_text(encoding="utf-8") == THEIRS  # theirs is untouched
    assert storage.history(path) == []
    # "Keep mine": save again, over the version the conflict showed.
    again = save(path, EDITED, result.theirs_sha256)
    assert again.ok and path.read_text(encoding="utf-8") == EDITED
    assert storage.history(path)[-1].read_text(encoding="utf-8") == THEIRS


def test_a_file_deleted_since_it_was_opened_is_a_conflict(opened):
    path, file = opened
    path.unlink()
    result = save(path, EDITED, file.sha256)
    assert result.status == CONFLICT and result.theirs is None and result.theirs_sha256 is None
    assert "moved or deleted" in result.message and result.problem.code == "FILE_009"
    assert save(path, EDITED, None).ok  # save anyway: creates it again
    assert path.read_text(encoding="utf-8") == EDITED


def test_a_new_file_must_not_exist_yet(tmp_path):
    path = tmp_path / "new.yaml"
    assert save(path, FORM, None).ok
    assert storage.history(path) == []
    assert save(path, EDITED, None).status == CONFLICT


def test_a_change_between_the_check_and_the_rename_is_caught(opened, monkeypatch):
    path, file = opened
    real_temp = storage._write_temp

    def racing_write_temp(folder, name, data, mode):
        tmp = real_temp(folder, name, data, mode)
        if name == "note.yaml":
            path.write_text(THEIRS, encoding="utf-8")  # another program writes right now
        return tmp

    monkeypatch.setattr(storage, "_write_temp", racing_write_temp)
    result = save(path, EDITED, file.sha256)
    assert result.status == CONFLICT and result.theirs == THEIRS
    assert path.read_text(encoding="utf-8") == THEIRS
    assert leftovers(path.parent) == []


def test_text_with_errors_is_never_saved(opened):
    path, file = opened
    result = save(path, BROKEN, file.sha256)
    assert result.status == INVALID
    assert [(i.code, i.line) for i in result.issues] == [("FIELD_003", 10)]
    assert "line 10" in result.message and "nmber" in result.message
    assert result.problem.code == "FILE_007"
    assert result.message.startswith("Not saved: the text has an error (errors block saving; warnings do not). "
                                     "First (line 10): field 'what_happened': type 'nmber' is not a field type.")
    assert result.message.endswith(" Fix the errors, then save.")
    assert path.read_text(encoding="utf-8") == FORM
    assert storage.history(path) == []


def test_unreadable_yaml_is_never_saved(opened):
    path, file = opened
    result = save(path, "kind: form\n  bad: [", file.sha256)
    assert result.status == INVALID and result.issues[0].code.startswith("YAML_")
    assert path.read_text(encoding="utf-8") == FORM


def test_warnings_do_not_block_saving(opened):
    path, file = opened
    from forms.loader import load_text
    assert load_text(WARNED, "t.yaml", forms={}).warnings  # the fixture really has a warning
    assert save(path, WARNED, file.sha256).ok


def test_permission_denied_is_a_clear_message_not_an_exception(opened, monkeypatch):
    path, file = opened

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, for whom chmod does not deny anything: refuse at the system call instead.
    monkeypatch.setattr(storage.tempfile, "mkstemp", refuse)
    result = save(path, EDITED, file.sha256)
    assert result.status == FAILED and not result.ok
    assert "permission denied" in result.message and "write access" in result.message
    assert "your text is still in the editor" in result.message
    assert result.problem.code == "FILE_011"
    assert path.read_text(encoding="utf-8") == FORM


@pytest.mark.parametrize(("error", "code", "words"), [
    (OSError(28, "No space left on device"), "FILE_012", "Not saved: the disk holding {path} is full. Free some space"),
    (OSError(30, "Read-only file system"), "FILE_013", "Not saved: {path} is on a read-only disk. Save your text as"),
    (OSError(5, "Input/output error"), "FILE_015", "Not saved: could not write {path}: Input/output error. Nothing"),
])
def test_each_disk_failure_is_worded_by_the_catalog(opened, monkeypatch, error, code, words):
    path, file = opened
    real_replace = os.replace

    def fail(src, dst):
        if str(dst) == str(path):
            raise error
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", fail)
    result = save(path, EDITED, file.sha256)
    assert result.status == FAILED and result.problem.code == code
    assert result.message.startswith(words.format(path=path))
    assert "Nothing on disk was changed; your text is still in the editor." in result.message
    assert path.read_text(encoding="utf-8") == FORM


def test_a_copy_into_a_folder_that_has_gone_says_so(tmp_path):
    folder = tmp_path / "forms"
    folder.mkdir()
    path = folder / "note.yaml"
    folder.rmdir()  # removed by someone else while the form was open
    result = save_copy(path, EDITED)
    assert result.status == FAILED and result.problem.code == "FILE_014"
    assert result.message.startswith(f"Not saved: the folder of {folder} no longer exists.")


def test_text_that_cannot_be_utf8_is_refused_not_raised(opened):
    path, file = opened
    half = EDITED.replace("What happened", "What \ud800 happened")  # a lone surrogate: half of a pasted emoji
    for result in (save(path, half, file.sha256), save_copy(path, half)):
        assert result.status == FAILED and result.problem.code == "FILE_008"
        assert result.mine == half and "your text is still in the editor" in result.message
    assert path.read_text(encoding="utf-8") == FORM


def test_a_failed_rename_leaves_the_old_file_and_no_temporary_file(opened, monkeypatch):
    path, file = opened
    real_replace = os.replace

    def full_disk(src, dst):
        if str(dst) == str(path):
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", full_disk)
    result = save(path, EDITED, file.sha256)
    assert result.status == FAILED and "disk" in result.message and "full" in result.message
    assert path.read_text(encoding="utf-8") == FORM
    assert leftovers(path.parent) == []


def test_save_copy_writes_a_new_file_beside_and_never_overwrites(opened):
    path, _ = opened
    first = save_copy(path, EDITED)
    second = save_copy(path, EDITED)
    third = save_copy(path.with_name("note-copy.yaml"), THEIRS)  # a copy of a copy is numbered, not nested
    assert [os.path.basename(r.path) for r in (first, second, third)] == \
        ["note-copy.yaml", "note-copy-2.yaml", "note-copy-3.yaml"]
    assert all(r.ok for r in (first, second, third))
    assert (path.parent / "note-copy.yaml").read_text(encoding="utf-8") == EDITED
    assert (path.parent / "note-copy-3.yaml").read_text(encoding="utf-8") == THEIRS
    assert path.read_text(encoding="utf-8") == FORM
    assert "same form id" in first.message
    assert leftovers(path.parent) == []


def test_save_copy_refuses_text_with_errors(opened):
    path, _ = opened
    assert save_copy(path, BROKEN).status == INVALID
    assert sorted(p.name for p in path.parent.iterdir()) == ["note.yaml"]
