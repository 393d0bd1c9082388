"""pressgen inbox over 10,000 mailbox messages (target: at most 30 s): bounces of four MTAs, complaints, requests, replies.

A project whose ledger records a release sent to 2,000 journalists; a Maildir (or an mbox, --mbox) of
COUNT messages made from the samples of tests/inbox/: Postfix, Exim, Exchange and Gmail bounces, ARF
reports, unsubscribes carrying their token, forged ones, and ordinary replies. Prints the time of the
first run (every message classified and recorded), of a second one (everything read before) and the
peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import mailbox
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from string import Template

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "inbox"
os.environ.setdefault("PRESSGEN_UNSUBSCRIBE_KEY", "bench-unsubscribe-key-0123456789abcdefghij")
RELEASE = "2026-04-21-itri-mou"
SENDER = "press@ipark.example.jp"
# (sample, share of the mailbox)
MIX = [
    ("postfix-user-unknown", 20), ("postfix-delayed", 8), ("exim-failed", 12), ("exchange-ndr", 8), ("gmail-no-such-user", 12),
    ("gmail-mailbox-full", 5), ("arf-abuse", 4), ("arf-headers-only", 3), ("unsubscribe-with-token", 5),
    ("unsubscribe-forged", 3), ("reply", 18), ("delivered-dsn", 2),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--journalists", type=int, default=2_000)
    parser.add_argument("--mbox", action="store_true", help="an mbox file instead of a Maildir")
    args = parser.parse_args()

    from pressgen.distribution import unsubscribe
    from pressgen.distribution.inbox import read_mailbox
    from pressgen.distribution.ledger import Key, Ledger
    from pressgen.distribution.mailboxes import Maildir, Mbox
    from pressgen.distribution.settings import load_settings
    from pressgen.spec import find_project

    folder = Path(tempfile.mkdtemp(prefix="pressgen-inbox-bench-"))
    try:
        shutil.copytree(ROOT / "releases", folder / "releases")  # the templates are pressgen's own
        shutil.copy(ROOT / "pyproject.toml", folder / "pyproject.toml")
        project = find_project(folder)
        settings = load_settings(project)
        addresses = [f"journalist{n:05d}@example.com" for n in range(args.journalists)]
        ledger = Ledger(folder / settings.ledger)
        ledger.plan((Key(RELEASE, "c0ffee" * 10, a), "ja", f"<{RELEASE}.{n:032x}@ipark.example.jp>") for n, a in enumerate(addresses))
        ledger.close()
        with sqlite3.connect(folder / settings.ledger) as db:
            db.execute("UPDATE deliveries SET state = 'sent', reply_code = 250, reply = '250 ok'")
        tokens = unsubscribe.unsubscribe_tokens()
        now = dt.datetime.now(dt.timezone.utc)
        templates = {name: Template((SAMPLES / f"{name}.eml").read_text("utf-8")) for name, _ in MIX}
        plan = [name for name, share in MIX for _ in range(share)]
        started = time.perf_counter()
        box = mailbox.mbox(folder / "bounces.mbox") if args.mbox else None
        if box is None:
            for sub in ("cur", "new", "tmp"):
                (folder / "Maildir" / sub).mkdir(parents=True)
        for n in range(args.count):
            name = plan[n % len(plan)]
            number = (n * 7919) % len(addresses)
            address = addresses[number]
            token = unsubscribe.issue(tokens, settings, address, RELEASE, now)
            link = unsubscribe.url(settings, token, address)
            text = templates[name].safe_substitute(
                to=address, sender=SENDER, message_id=f"<{RELEASE}.{number:032x}@ipark.example.jp>",
                list_unsubscribe=f"<{link}>", token=token,
            )
            # Each report its own Message-ID, as real ones have.
            text = text.replace("Message-I", "X-Sample-Message-I", 1).replace("\n", f"\nMessage-ID: <bench.{n}@reports.example.net>\n", 1)
            if box is not None:
                box.add(text.encode("utf-8"))
            else:  # as a delivery agent leaves them (mailbox.Maildir.add syncs each file, which only slows the set-up)
                (folder / "Maildir" / "new" / f"1776733361.M{n:06d}P1.bench").write_bytes(text.encode("utf-8"))
        if box is not None:
            box.close()
        written = time.perf_counter() - started
        size = sum(p.stat().st_size for p in folder.glob("bounces.mbox" if args.mbox else "Maildir/*/*"))

        def run() -> tuple[float, object]:
            source = Mbox(folder / "bounces.mbox") if args.mbox else Maildir(folder / "Maildir")
            began = time.perf_counter()
            try:
                result = read_mailbox(project, source)
            finally:
                source.close()
            return time.perf_counter() - began, result

        first, result = run()
        second, again = run()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kind = "mbox" if args.mbox else "Maildir"
        print(f"mailbox               {kind}, {args.count:,} messages, {size / 1e6:.1f} MB (written in {written:.1f} s)")
        print(f"journalists mailed    {args.journalists:,}")
        print(f"first run             {first:.1f} s, {args.count / first:,.0f} messages/s (target: 10,000 in at most 30 s)")
        tally = ", ".join(f"{n} {k}" for k, n in sorted(result.counts.items()))  # type: ignore[attr-defined]
        print(f"  outcomes            {tally}")
        print(f"  suppressed          {len(result.added):,} addresses added to the suppression list")  # type: ignore[attr-defined]
        print(f"second run            {second:.1f} s ({again.counts['read before']:,} read before)")  # type: ignore[attr-defined]
        print(f"peak memory           {peak:.0f} MB")
        if first > 30 * args.count / 10_000:
            sys.exit(f"too slow: {first:.1f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
