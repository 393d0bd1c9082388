"""Check benchmark: precision and recall per rule family on the labelled corpus and, apart, on the held-out set, then
the seed release: the cold CLI and warm `check_release` runs as the live preview makes them."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPECS = {"ja": ROOT / "releases" / "2026-04-21-itri-mou.yaml", "en": ROOT / "releases" / "2026-04-21-itri-mou-en.yaml"}
BIN = Path(sys.executable).parent
RUNS = 5
WARM_RUNS = 30
TARGET = 0.1
QUALITY = 0.90


def cold(spec: Path) -> float:
    """`pressgen check` as a new process: imports, the MeCab dictionary, parsing, checking."""
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([str(BIN / "pressgen"), "check", str(spec)], cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def warm(spec: Path) -> tuple[float, int]:
    """Load (from the parse cache) and check again in a process that has done it once."""
    from pressgen.review import check_release
    from pressgen.spec import load_release

    findings = check_release(load_release(spec))
    times = []
    for _ in range(WARM_RUNS):
        start = time.perf_counter()
        check_release(load_release(spec))
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(findings)


def quality() -> bool:
    """Precision and recall per family on tests/check_corpus/ (and the proof corpus when it exists), then on each
    held-out set, tests/check_corpus/heldout/ and heldout2/."""
    sys.path.insert(0, str(ROOT / "tests"))
    from check_measure import measure, measure_heldout

    met = True
    for title, tally in (
        ("labelled corpus: {} passages, rule specs and releases", measure()),
        ("held-out set: {} passages (the rules were fixed for its measured mistakes)", measure_heldout()),
        ("second held-out set: {} passages (written after those fixes)", measure_heldout("heldout2")),
    ):
        print(title.format(tally.items))
        print(tally.report())
        for mistake in tally.mistakes:
            print("  " + mistake)
        precision, recall, *_ = tally.scores()
        print(f"precision and recall target >= {QUALITY}: {'met' if min(precision, recall) >= QUALITY else 'MISSED'}")
        met = met and min(precision, recall) >= QUALITY
    return met


def main() -> None:
    good = quality()
    worst = 0.0
    for language, spec in SPECS.items():
        warm_time, count = warm(spec)
        worst = max(worst, warm_time)
        print(f"check {spec.name} ({language}): {count} findings; cold CLI {cold(spec):.2f} s, warm {warm_time * 1000:.0f} ms")
    print(f"warm target <= {TARGET} s: {'met' if worst <= TARGET else 'MISSED'}")
    sys.exit(0 if worst <= TARGET and good else 1)


if __name__ == "__main__":
    main()
