"""Build benchmark of the seed release (cold CLI, the bare-WeasyPrint floor, warm rebuilds, memory, PDF size)
and of the proof corpus (every release of tests/corpus/ in one cold command)."""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "releases" / "2026-04-21-itri-mou.yaml"
CORPUS = sorted((ROOT / "tests" / "corpus" / "releases").glob("*.yaml"))
CORPUS_RUNS = 3
BIN = Path(sys.executable).parent
RUNS = 5
WARM_RUNS = 20
EDIT = ("調印式を行いました", "調印式を執り行いました")  # 執 is a character the seed does not otherwise print


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def timed_with_cpu(command: list[str]) -> tuple[float, float]:
    """Wall seconds of the command, and the CPU seconds of it and every process it started."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed(command)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def children_cpu() -> float:
    """CPU seconds (user + system) of this process's live children, the PDF workers, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for task in Path("/proc/self/task").iterdir():
        try:  # a thread, or a child, may end while it is read
            children = (task / "children").read_text().split()
        except FileNotFoundError:
            continue
        for pid in children:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        build = [str(BIN / "pressgen"), "build", str(SPEC), "--out", str(out)]
        timed(build)  # fill the OS file cache, as on any machine that has run it once
        peak_cold = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        html = out / SPEC.stem / f"{SPEC.stem}.html"
        pdf = out / SPEC.stem / f"{SPEC.stem}.pdf"
        weasyprint = [str(BIN / "weasyprint"), str(html), str(out / "bare.pdf")]
        timed(weasyprint)
        # Alternated, so that both see the same load on a shared machine; the ratio is taken pair by pair.
        pairs = [(timed_with_cpu(build), timed_with_cpu(weasyprint)) for _ in range(RUNS)]
        cold = statistics.median(ours[0] for ours, _ in pairs)
        bare = statistics.median(theirs[0] for _, theirs in pairs)
        ratio = statistics.median(ours[0] / theirs[0] for ours, theirs in pairs)
        cold_cpu = statistics.median(ours[1] for ours, _ in pairs)
        bare_cpu = statistics.median(theirs[1] for _, theirs in pairs)

        from pressgen.build import build as build_api

        # Warm rebuilds of a copy of the project, its spec edited before each: a sentence reworded
        # back and forth, so the content, its hash and the characters the fonts must carry change.
        project = out / "project"
        shutil.copytree(ROOT / "releases", project / "releases")  # the templates are pressgen's own
        shutil.copy(ROOT / "pyproject.toml", project)
        spec = project / "releases" / SPEC.name
        versions = [spec.read_text("utf-8")]
        versions.append(versions[0].replace(EDIT[0], EDIT[1]))
        assert versions[1] != versions[0], f"the seed no longer says {EDIT[0]}"
        build_api([spec], out=out)
        build_api([spec], out=out)
        warm, own_cpu, worker_cpu, memory = [], [], [], []
        load_before = load_average()
        for run in range(WARM_RUNS):
            spec.write_text(versions[(run + 1) % 2], "utf-8")
            start, cpu, worker = time.perf_counter(), time.process_time(), children_cpu()
            build_api([spec], out=out)
            warm.append(time.perf_counter() - start)
            own_cpu.append(time.process_time() - cpu)
            worker_cpu.append(children_cpu() - worker)
            memory.append(rss_mb())
        pdf_size = pdf.stat().st_size
        corpus_out = out / "corpus"
        corpus = [str(BIN / "pressgen"), "build", *map(str, CORPUS), "--out", str(corpus_out)]
        corpus_cold = statistics.median(timed(corpus) for _ in range(CORPUS_RUNS))
        corpus_pdfs = [p.stat().st_size for p in corpus_out.glob("*/*.pdf")]
        assert len(corpus_pdfs) == len(CORPUS)

    print(f"cold build, 3 formats (median of {RUNS})   {cold:6.2f} s   CPU {cold_cpu:.2f} s (all its processes)")
    print(f"bare weasyprint on the emitted HTML      {bare:6.2f} s   CPU {bare_cpu:.2f} s;"
          f" ratio {ratio:.2f} (median of the pairs' ratios, target ≤ 1.30)")
    print(f"warm rebuild after an edit (median of {WARM_RUNS})  {statistics.median(warm):6.3f} s   (target ≤ 0.40)"
          f"  min {min(warm):.3f} s, load average before {load_before}")
    print(f"  CPU of a warm rebuild (medians)          {statistics.median(own_cpu):6.3f} s here + "
          f"{statistics.median(worker_cpu):.3f} s in the PDF worker, side by side")
    print(f"peak RSS, cold build process             {peak_cold:6.0f} MB  (target ≤ 300)")
    print(f"RSS over {WARM_RUNS} warm rebuilds             {memory[0]:6.0f} → {memory[len(memory) // 2]:.0f} → {memory[-1]:.0f} MB")
    print(f"PDF size                                 {pdf_size / 1000:6.0f} KB  (target ≤ 500)")
    print(f"cold build of the corpus, {len(CORPUS)} releases × 3 formats, one command (median of {CORPUS_RUNS})"
          f"  {corpus_cold:6.2f} s  ({corpus_cold / len(CORPUS):.2f} s a release)")
    print(f"largest corpus PDF                       {max(corpus_pdfs) / 1000:6.0f} KB  (target ≤ 500)")


if __name__ == "__main__":
    main()
