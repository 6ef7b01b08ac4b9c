"""Benchmark: the whole vendor pack for generated forms, beside pyxform compiling the same form's XLSForm.

Run: python bench/export_bench.py [--sizes 100 1000] [--repeat 5]
Target: the whole pack within twice pyxform's compile time (ratio ≤ 2).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.forms_bench import generate
from exporter.base import Subject
from exporter.formats import FORMATS
from exporter.pack import export_pack
from forms.loader import load_text


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    from pyxform.xls2xform import convert

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"{'fields':>7} {'pyxform compile':>16} {'whole pack':>11} {'ratio':>6} {'pack KiB':>9}")
    for size in args.sizes:
        form = load_text(generate(size), "generated.yaml", forms={}, lint=False).form
        subject = Subject(form, {})
        xlsx = FORMATS["xlsform"].export(subject).files[0].data
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "generated.xlsx"
            path.write_bytes(xlsx)
            compile_time = median_time(lambda p=path: convert(xlsform=str(p), validate=False), args.repeat)
        pack_time = median_time(lambda s=subject: export_pack(s), args.repeat)
        size_kib = len(export_pack(subject).files[0].data) / 1024
        print(f"{size:>7} {compile_time * 1000:>13.0f} ms {pack_time * 1000:>8.0f} ms "
              f"{pack_time / compile_time:>6.2f} {size_kib:>9.0f}")


if __name__ == "__main__":
    main()
