"""Fault injection for sending, against aiosmtpd on 127.0.0.1: the server failing mid-run and the sender killed.

The server drops the connection after reading a whole message, answers 421 and closes at MAIL, RCPT or
the end of DATA, answers 452 to some recipients; the sender is killed with SIGKILL at random points of
its runs. After every fault the invariant is checked by counting what the server received: every
recipient gets at most one message, each one not received is reported as not sent (pending) or
unknown, and nothing is reported sent that was not. The ledger's own faults (removed, renamed, read-only,
full) are in test_send_ledger.py and check the same invariant.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
from test_send_support import SmtpServer, assert_invariant, configure_send, ledger_states, pdf_once, reported, smtp_server, write_list  # noqa: F401

from conftest import run_cli, sign_off

SEED = "releases/2026-04-21-itri-mou.yaml"
# The suite kills the sender at 12 points; make fuzz (PRESSGEN_FUZZ=long) at 60.
KILLS = 60 if os.environ.get("PRESSGEN_FUZZ") == "long" else 12

pytestmark = pytest.mark.usefixtures("pdf_once")


@pytest.fixture(autouse=True)
def signed_off(project: Path) -> None:
    sign_off(project, project / SEED, project / "releases" / "2026-04-21-itri-mou-en.yaml")


def send(server: SmtpServer, *extra: str) -> tuple[int, str, str]:
    return run_cli("send", SEED, "--list", "media.csv", "--smtp", server.address, "--no-pdf", *extra)


def faulty_run(project: Path, server: SmtpServer, count: int, **faults: object) -> tuple[list[str], int, str, str, dict[str, str]]:
    """A run to `count` journalists with the server's `faults` (Recorder fields; a callable gets the addresses):
    no traceback, and the invariant. Returns the addresses, exit code, output, errors and reported states."""
    configure_send(project)
    addresses = write_list(project / "media.csv", count)
    for name, fault in faults.items():
        setattr(server.recorder, name, fault(addresses) if callable(fault) else fault)
    code, out, err = send(server)
    assert "Traceback" not in err
    states = reported(project)
    assert_invariant(states, server.recorder, addresses)
    return addresses, code, out, err, states


def resumed(project: Path, server: SmtpServer, addresses: list[str]) -> None:
    """The server well again: the next run sends the rest, and every journalist has exactly one message."""
    server.recorder.closing, server.recorder.busy = {}, {}
    code, out, err = send(server)
    assert code == 0, out + err
    assert_invariant(reported(project), server.recorder, addresses)
    assert server.recorder.per_recipient() == {a: 1 for a in addresses}


def test_a_connection_dropped_after_data_leaves_the_message_unknown_and_it_is_not_sent_again(project: Path, smtp_server: SmtpServer) -> None:
    addresses, code, out, err, states = faulty_run(project, smtp_server, 10, drop_after_data={3, 7})
    assert code == 1 and "unknown         2" in out and "--resend-unknown" in err
    assert [a for a in addresses if states[a] == "unknown"] == [addresses[2], addresses[6]]
    assert smtp_server.recorder.per_recipient() == {a: 1 for a in addresses}  # the run went on after each drop
    send(smtp_server)  # the next run sends nothing again
    assert_invariant(reported(project), smtp_server.recorder, addresses)
    assert len(smtp_server.recorder.received) == 10


@pytest.mark.parametrize("phase", ["MAIL", "RCPT", "DATA"])
def test_a_421_mid_run_is_sent_again_on_a_new_connection_once(project: Path, smtp_server: SmtpServer, phase: str) -> None:
    addresses, code, out, err, _ = faulty_run(project, smtp_server, 8, closing={3: phase, 6: phase})
    assert code == 0, out + err
    assert smtp_server.recorder.per_recipient() == {a: 1 for a in addresses}


def test_a_server_going_down_with_421_stops_the_run_and_the_next_one_sends_the_rest(project: Path, smtp_server: SmtpServer) -> None:
    every_one_from_the_fourth = {n: "DATA" for n in range(4, 20)}  # more than the retries (2 in a row)
    addresses, code, _, err, states = faulty_run(project, smtp_server, 8, closing=every_one_from_the_fourth)
    assert code == 1 and "sending stopped (421 4.3.2 service shutting down" in err
    assert sorted(states.values()) == ["not sent"] * 5 + ["sent"] * 3
    resumed(project, smtp_server, addresses)


def test_452_for_some_recipients_leaves_them_not_sent_and_a_later_run_sends_them_once(project: Path, smtp_server: SmtpServer) -> None:
    def busy(addresses: list[str]) -> dict[str, int]:
        return {addresses[1]: 1, addresses[4]: -1, addresses[6]: -1}  # one 452, then accepted; a 452 every time

    addresses, code, _, err, states = faulty_run(project, smtp_server, 8, busy=busy)
    assert code == 1
    assert [a for a in addresses if states[a] == "not sent"] == [addresses[4], addresses[6]]
    assert "pressgen: 2 message(s) deferred by the server (452 4.2.2 mailbox full, try again later); run the same command again to send them" in err
    resumed(project, smtp_server, addresses)


def test_the_sender_killed_at_random_points(project: Path, smtp_server: SmtpServer) -> None:
    """SIGKILL at KILLS points, each run resuming the last: mostly while the server takes a message (before,
    during and after its reply), some at a random moment of the run. The invariant holds after every kill."""
    configure_send(project)
    addresses = write_list(project / "media.csv", 40)
    recorder = smtp_server.recorder
    chance = random.Random(os.environ.get("PRESSGEN_FUZZ_SEED", "sigkill"))
    command = [str(Path(sys.executable).parent / "pressgen"), "send", SEED, "--list", "media.csv", "--smtp", smtp_server.address, "--no-pdf"]
    kills, landed = 0, Counter[str]()  # where the kills landed: one left a message unknown, between DATA and the reply
    while kills < KILLS:
        if ledger_states(project / SEED) and all(s != "not sent" for s in ledger_states(project / SEED).values()):
            recorder.received.clear()  # everyone settled: a new round to the same list under a fresh ledger
            for path in project.glob("distribution.sqlite*"):
                path.unlink()
            (project / "out" / "2026-04-21-itri-mou" / "delivery.log").unlink()
        process = subprocess.Popen(command, cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        killed = threading.Event()

        def kill(process: subprocess.Popen[bytes] = process, killed: threading.Event = killed) -> None:
            if not killed.is_set():
                killed.set()
                process.send_signal(signal.SIGKILL)

        if chance.random() < 0.8:  # once the server has a message in, after 0-20 ms
            target = len(recorder.received) + chance.randint(1, 4)
            delay = chance.choice([0.0, 0.0005, 0.002, 0.02]) * chance.random()
            recorder.after[target] = lambda delay=delay, kill=kill: threading.Timer(delay, kill).start()
        else:  # anywhere in the run: starting, reading the list, planning, sending
            threading.Timer(chance.uniform(0.05, 1.5), kill).start()
        _, err = process.communicate(timeout=120)
        recorder.after.clear()
        assert b"Traceback" not in err, err.decode()
        if killed.is_set():
            kills += 1
            states = ledger_states(project / SEED)
            assert_invariant(states, recorder, addresses)
            landed.update(["a message unknown" if "unknown" in states.values() else "none unknown"])
    code, out, err = send(smtp_server)  # the last round finished by a run nobody kills
    states = reported(project)
    assert_invariant(states, recorder, addresses)
    assert set(states.values()) <= {"sent", "unknown"}
    assert landed["a message unknown"], landed  # the kills reached the moment that matters, between DATA and the reply
