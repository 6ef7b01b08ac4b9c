"""Benchmark: the form editor's edit-to-preview server time, with AppTest, for library forms and a 1,000-field form.

Run: python bench/editor_bench.py [--repeat 15] [--gc on off] [--soak 600]

For each form, the editor page opens a temporary copy; then each measured edit changes a label
of the first section (a new text every time, so every edit is parsed afresh: no cache hit) and
`text_area.input(...).run()` is timed: the page revalidates the YAML, lists the problems and
redraws the preview. A second figure times answering a preview question (the parse is cached
then). AppTest always runs the whole page script (it has no fragment-only reruns), so both are
upper bounds of the fragment's cost in the real server. `--gc` chooses Streamlit's hidden
`runner.postScriptGC` (a full garbage collection after every run, on by default), or keeps it on
after `gc.freeze()` (objects alive after start-up are no longer scanned by full collections): the
figures are printed for each setting asked for.

`--soak N` then makes N more edits per setting (cycling through the forms, answering a question
after each edit) and prints the process's resident memory every N/5 edits: the evidence for or
against turning `runner.postScriptGC` off (docs/streamlit.md 1: it costs a full collection per run).

Targets (the studio issue, part 10): 100 ms for library forms, 300 ms for the 1,000-field form.
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from streamlit import config
from streamlit.testing.v1 import AppTest

from bench.forms_bench import generate
from forms.loader import LIBRARY_DIR, load_text
from ui import state

ROOT = Path(__file__).resolve().parents[1]
PAGE = str(ROOT / "ui" / "editor_page.py")
LIBRARY_TARGET_MS, BIG_TARGET_MS = 100, 300
_FIRST_LABEL = re.compile(r"^(\s*(?:- )?label: )(.*)$", re.M)


def edited(text: str, n: int) -> str:
    """The text with its first label changed (the first section's first question: it is on screen)."""
    return _FIRST_LABEL.sub(lambda m: f"{m.group(1)}{m.group(2).rstrip()} (edit {n})", text, count=1)


def open_page(folder: Path, name: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=120)
    at.session_state[state.FOLDER] = str(folder)
    at.session_state[state.CURRENT] = name
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def timed_run(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    elapsed = time.perf_counter() - started
    assert not at.exception, [e.message for e in at.exception]
    return elapsed * 1000


def measure(folder: Path, name: str, repeat: int) -> tuple[float, float, float, float, int]:
    """(median edit ms, worst edit ms, median answer ms, parse-only ms, widgets) for one form."""
    text = (folder / name).read_text(encoding="utf-8")
    at = open_page(folder, name)
    at.text_area(key=state.EDITOR).input(edited(text, 0))
    timed_run(at)  # warm: first edit of this form in this process
    edits = []
    for n in range(1, repeat + 1):
        at.text_area(key=state.EDITOR).input(edited(text, n))
        edits.append(timed_run(at))
    parse = []
    for n in range(repeat + 1, repeat + 4):
        started = time.perf_counter()
        load_text(edited(text, n), name)
        parse.append((time.perf_counter() - started) * 1000)
    answers = []
    inputs = [w for w in at.text_input if w.key and w.key.startswith(state.PREVIEW_PREFIX)]
    for n in range(repeat if inputs else 0):
        inputs[0].input(f"answer {n}")
        answers.append(timed_run(at))
        inputs = [w for w in at.text_input if w.key == inputs[0].key]
    widgets = sum(len(at.get(kind)) for kind in (
        "text_input", "text_area", "number_input", "date_input", "radio", "selectbox", "multiselect",
        "select_slider", "button", "button_group", "checkbox", "toggle"))
    return (statistics.median(edits), max(edits), statistics.median(answers) if answers else float("nan"),
            statistics.median(parse), widgets)


def rss_mib() -> float:
    """Resident memory of this process now (Linux), in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def soak(folder: Path, names: list[str], edits: int) -> None:
    """Many edits and answers in one session per form; resident memory as they go."""
    pages = {name: open_page(folder, name) for name in names}
    texts = {name: (folder / name).read_text(encoding="utf-8") for name in names}
    marks, started, times = [], time.perf_counter(), []
    for n in range(1, edits + 1):
        name = names[n % len(names)]
        at = pages[name]
        at.text_area(key=state.EDITOR).input(edited(texts[name], 1000 + n))
        times.append(timed_run(at))
        inputs = [w for w in at.text_input if w.key and w.key.startswith(state.PREVIEW_PREFIX)]
        if inputs:
            inputs[0].input(f"soak {n}")
            times.append(timed_run(at))
        if n % max(edits // 5, 1) == 0:
            marks.append(f"{n}: {rss_mib():.0f}")
    print(f"  soak: {edits} edits + answers in {time.perf_counter() - started:.0f} s, median run "
          f"{statistics.median(times):.1f} ms; resident MiB after edits " + ", ".join(marks))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--gc", nargs="+", choices=["on", "off", "freeze"], default=["on", "off", "freeze"],
                        help="runner.postScriptGC on or off, or on after gc.freeze() (default: all three)")
    parser.add_argument("--soak", type=int, default=0, help="edits per setting in a memory soak (default: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        forms = []
        for path in sorted(LIBRARY_DIR.glob("*.yaml")):
            if "\nkind: form\n" in path.read_text(encoding="utf-8"):
                shutil.copy(path, folder / path.name)
                forms.append((path.name, LIBRARY_TARGET_MS))
        (folder / "generated-1000.yaml").write_text(generate(1000), encoding="utf-8")
        forms.append(("generated-1000.yaml", BIG_TARGET_MS))
        for setting in args.gc:
            config.set_option("runner.postScriptGC", setting != "off")
            if setting == "freeze":
                # What an app could do at startup once the library is loaded: move every object alive
                # now out of the collector's sight, so full collections only walk what runs create.
                open_page(folder, forms[0][0])
                gc.collect()
                gc.freeze()
            print(f"\nrunner.postScriptGC={'false' if setting == 'off' else 'true'}"
                  f"{' after gc.freeze()' if setting == 'freeze' else ''} · median of {args.repeat} "
                  "edits, AppTest full-page runs")
            print(f"{'form':<32} {'KiB':>4} {'widgets':>7} {'parse':>8} {'edit→preview':>13} {'worst':>8} "
                  f"{'answer':>8} {'target':>7}")
            for name, target in forms:
                size = (folder / name).stat().st_size / 1024
                edit, worst, answer, parse, widgets = measure(folder, name, args.repeat)
                verdict = "ok" if edit <= target else "OVER"
                print(f"{name:<32} {size:>4.0f} {widgets:>7} {parse:>5.1f} ms {edit:>10.1f} ms {worst:>5.1f} ms "
                      f"{answer:>5.1f} ms {target:>4} ms {verdict}")
            if args.soak:
                soak(folder, [name for name, _ in forms], args.soak)
            if setting == "freeze":
                gc.unfreeze()


if __name__ == "__main__":
    main()
