"""Send benchmark: the seed release to 1,000 journalists through a local aiosmtpd; time, memory, PDF renders."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import socket
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = "releases/2026-04-21-itri-mou.yaml"
os.environ.setdefault("PRESSGEN_UNSUBSCRIBE_KEY", "bench-unsubscribe-key-0123456789abcdefghij")  # each message's signed link


def serve(port: int, ready: multiprocessing.synchronize.Event, stop: multiprocessing.synchronize.Event, counts) -> None:  # type: ignore[no-untyped-def]
    """aiosmtpd in its own process (its parsing must not share a core with the sender), counting per recipient."""
    from aiosmtpd.controller import Controller

    received: dict[str, int] = {}

    class Counter:
        async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
            for rcpt in envelope.rcpt_tos:
                received[rcpt] = received.get(rcpt, 0) + 1
            return "250 2.0.0 queued"

    controller = Controller(Counter(), hostname="127.0.0.1", port=port)
    controller.start()
    ready.set()
    stop.wait()
    controller.stop()
    counts.put((received, resource.getrusage(resource.RUSAGE_SELF)))


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS:")).split()[1]) / 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_project(folder: Path, recipients: int, languages: list[str]) -> Path:
    shutil.copytree(ROOT / "releases", folder / "releases")  # the templates are pressgen's own
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    pyproject = pyproject.replace('security = "starttls"', 'security = "none"').replace("rate = 120", "rate = 1000000")
    # Real sending passes the sign-off gate: the seed's check errors as warnings, both issuers approving (their
    # approvals unsigned and trusted here: the benchmark measures sending, not signing).
    overrides = '"characters.paren-width" = "warning"\n"names.misspelling" = "warning"\n'
    pyproject = pyproject.replace("[tool.pressgen.check.severity]\n", "[tool.pressgen.check.severity]\n" + overrides)
    pyproject = pyproject.replace("trust_unsigned = []", 'trust_unsigned = ["ipark-institute", "itri"]')
    (folder / "pyproject.toml").write_text(pyproject, "utf-8")
    from pressgen.review import approve

    for spec in ("2026-04-21-itri-mou.yaml", "2026-04-21-itri-mou-en.yaml"):
        for by in ("ipark-institute:fujimoto", "itri:lu"):
            approve(folder / "releases" / spec, by)
    rows = ["name,outlet,email,language,tags"]
    rows += [f"記者 {n:04d},テスト新聞,journalist{n:04d}@example.com,{languages[n % len(languages)]}," for n in range(recipients)]
    media = folder / "media.csv"
    media.write_text("\n".join(rows) + "\n", "utf-8")
    return media


def bare_smtplib_seconds(mailing, port: int) -> float:  # type: ignore[no-untyped-def]
    """Seconds smtplib.sendmail alone takes to hand the same messages to the same server (composing excluded)."""
    import datetime as dt
    import smtplib

    from pressgen.distribution.message import compose

    connection = smtplib.SMTP("127.0.0.1", port)
    spent = 0.0
    for letter in mailing.letters:
        data = compose(letter.paper, letter.recipient, mailing.settings, dt.datetime.now(dt.timezone.utc))
        started = time.perf_counter()
        connection.sendmail(letter.paper.letterhead.sender.addr_spec, ["floor-" + letter.recipient.email], data)
        spent += time.perf_counter() - started
    connection.quit()
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--languages", default="ja,en", help="Languages of the journalists, in turn (default ja,en).")
    parser.add_argument("--no-pdf", action="store_true")
    parser.add_argument("--no-floor", dest="floor", action="store_false", help="Skip the bare-smtplib comparison run.")
    args = parser.parse_args()
    languages = args.languages.split(",")

    port = free_port()
    ready, stop, counts = multiprocessing.Event(), multiprocessing.Event(), multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(port, ready, stop, counts))
    server.start()
    ready.wait(30)
    with tempfile.TemporaryDirectory() as tmp:
        media = make_project(Path(tmp), args.recipients, languages)
        os.chdir(tmp)
        from pressgen.distribution import Request, deliver, prepare
        from pressgen.writers import WRITERS

        renders: list[str] = []
        writer = WRITERS["pdf"]

        class CountingPdf:
            name, suffix = writer.name, writer.suffix

            def start(self, page):  # type: ignore[no-untyped-def]
                renders.append(page.loaded.release.id)
                return writer.start(page)

        WRITERS["pdf"] = CountingPdf()  # type: ignore[assignment]
        rss = {"start": rss_mb()}
        settled = 0

        def progress(count: int) -> None:
            nonlocal settled
            settled += count
            if "middle" not in rss and settled >= args.recipients // 2:
                rss["middle"] = rss_mb()

        started, cpu_started = time.perf_counter(), time.process_time()
        mailing = prepare(Request(Path(SPEC), (media,), smtp=f"127.0.0.1:{port}", attach_pdf=not args.no_pdf))
        prepared = time.perf_counter()
        rss["after render"] = rss_mb()
        outcome = deliver(mailing, progress=progress)
        total = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        rss["end"] = rss_mb()
        floor = bare_smtplib_seconds(mailing, port) if args.floor else None
    stop.set()
    received, server_usage = counts.get(timeout=60)
    server.join(30)

    states = [e.state for e in outcome.entries.values()]
    sent = states.count("sent")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_language = {lang: sum(1 for n in range(args.recipients) if languages[n % len(languages)] == lang) for lang in languages}
    print(f"recipients            {args.recipients} ({', '.join(f'{n} {lang}' for lang, n in per_language.items())}), PDF {'off' if args.no_pdf else 'on'}")
    ours = {r: n for r, n in received.items() if not r.startswith("floor-")}
    print(f"sent                  {sent}; server received {sum(ours.values())}, {max(ours.values(), default=0)} at most per recipient")
    print(f"PDF renders           {len(renders)} ({', '.join(sorted(set(renders)))})")
    print(f"total                 {total:.1f} s (checks and rendering {prepared - started:.1f} s, sending {total - (prepared - started):.1f} s)")
    print(f"messages per second   {sent / total:.1f} overall, {sent / (total - (prepared - started)):.1f} while sending")
    server_cpu = server_usage.ru_utime + server_usage.ru_stime
    print(f"CPU                   sender {cpu:.1f} s, SMTP server {server_cpu:.1f} s{' (both runs)' if args.floor else ''}")
    print(f"RSS (MB)              " + ", ".join(f"{k} {v:.0f}" for k, v in rss.items()) + f"; peak {peak:.0f}")
    if floor is not None:
        print(f"same bytes, bare smtplib  {floor:.1f} s: smtplib.sendmail alone, one message after another (not counted above)")
    if outcome.stopped or sent != args.recipients or sum(ours.values()) != args.recipients:
        sys.exit(f"not every message was sent: {outcome.stopped}")


if __name__ == "__main__":
    main()
