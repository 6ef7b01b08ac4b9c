"""Benchmark: load + validate + lint + burden for generated forms, against libyaml merely parsing the text.

Run: python bench/forms_bench.py [--sizes 100 1000 5000] [--repeat 7]
Prints, per size, the median time of each and their ratio (target: ≤ 1.5 at 1,000 fields, and
time per field roughly flat as the size grows, i.e. no quadratic step).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forms.burden import form_burden
from forms.loader import load_text

TYPES = ["short_text", "long_text", "number", "date", "yes_no", "single_choice", "multi_choice", "scale"]
WORDS = ("home family school help money health friends work food sleep safe happy worry plan talk day "
         "week child parent carer support visit doctor nurse house room garden bus shop walk").split()


def generate(fields: int, per_section: int = 25) -> str:
    """A realistic-looking valid form: mixed types, metadata, hints, options and conditions."""
    out = ["kind: form", "id: generated", f"title: Generated form with {fields} fields", "version: 1",
           "status: draft", "purpose: To measure how fast Coform reads a big form.", "sections:"]
    for s in range(0, fields, per_section):
        out += [f"  - id: section-{s // per_section}", f"    title: Part {s // per_section + 1}",
                "    intro: Tell us about your week. Take your time.", "    fields:"]
        for i in range(s, min(s + per_section, fields)):
            kind = TYPES[i % len(TYPES)]
            w = [WORDS[(i * 7 + k) % len(WORDS)] for k in range(6)]
            out += [f"      - id: f{i}", f"        label: How is your {w[0]} and {w[1]} this {w[2]} {i}?",
                    f"        type: {kind}", f"        hint: Think about your {w[3]}, {w[4]} and {w[5]}.",
                    f"        purpose: {'practice' if i % 5 else 'statutory_return'}",
                    f"        completed_by: {('practitioner', 'person', 'together', 'admin')[i % 4]}",
                    f"        data_category: {'special_category' if i % 11 == 0 else 'personal'}"]
            if i % 11 == 0:
                out += ["        special_category: health", "        lawful_basis: public_task",
                        "        processing_condition: h"]
            if i % 3 == 0:
                out.append("        required: true")
            if i % 9 == 1:
                out.append("        own_words: true")
            if kind in ("single_choice", "multi_choice"):
                out.append("        options: [often, sometimes, never, prefer_not_to_say]")
            if kind == "scale":
                out += ["        min: 1", "        max: 5"]
            if kind == "number":
                out += ["        min: 0", "        max: 100"]
            if i % 8 == 5 and i > s:
                prev = i - 1  # the field before is always a yes_no here (types cycle by 8)
                out.append(f"        show_if: {{field: f{prev}, equals: true}}")
    return "\n".join(out) + "\n"


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def full_pipeline(text: str) -> None:
    result = load_text(text, "generated.yaml", forms={})
    assert result.ok, result.errors[:3]
    form_burden(result.form)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"{'fields':>7} {'KiB':>6} {'libyaml parse':>14} {'load+validate':>14} {'+lint+burden':>13} "
          f"{'ratio':>6} {'µs/field':>9}")
    for size in args.sizes:
        text = generate(size)
        full_pipeline(text)  # warm caches (syllable memo, regexes) as a running studio would have them
        parse = median_time(lambda t=text: yaml.load(t, Loader=yaml.CSafeLoader), args.repeat)
        plain = median_time(lambda t=text: load_text(t, "generated.yaml", forms={}, lint=False), args.repeat)
        full = median_time(lambda t=text: full_pipeline(t), args.repeat)
        print(f"{size:>7} {len(text) / 1024:>6.0f} {parse * 1000:>11.1f} ms {plain * 1000:>11.1f} ms "
              f"{full * 1000:>10.1f} ms {full / parse:>6.2f} {full / size * 1e6:>9.1f}")


if __name__ == "__main__":
    main()
