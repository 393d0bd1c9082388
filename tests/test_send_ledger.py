"""The ledger lost, replaced, read-only, immutable or on a full disk while sending: nobody is mailed twice.

Each case runs a real send through aiosmtpd, does the damage from the server while message 5 is being
received, and counts what the server got: at most one message per journalist, every one not received
reported as not sent or unknown, nothing reported sent that was not; the next run refuses to start over
until the ledger is recovered, and then sends each remaining journalist exactly one message.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_send_support import SmtpServer, assert_invariant, configure_send, pdf_once, reported, smtp_server, write_list  # noqa: F401

from conftest import run_cli, sign_off

SEED = "releases/2026-04-21-itri-mou.yaml"
LOG = "out/2026-04-21-itri-mou/delivery.log"
COUNT = 12
AT = 5  # the message during which the ledger is damaged

pytestmark = pytest.mark.usefixtures("pdf_once")
as_root = pytest.mark.skipif(os.geteuid() != 0, reason="mounting a file system or chattr needs root")


@pytest.fixture(autouse=True)
def signed_off(project: Path) -> None:
    sign_off(project, project / SEED, project / "releases" / "2026-04-21-itri-mou-en.yaml")


def send(server: SmtpServer, *extra: str) -> tuple[int, str, str]:
    return run_cli("send", SEED, "--list", "media.csv", "--smtp", server.address, "--no-pdf", *extra)


def damaged_run(project: Path, server: SmtpServer, damage) -> list[str]:  # type: ignore[no-untyped-def]
    """A run of COUNT messages with `damage` done while message AT is received: it must stop, exit 1, and say why."""
    addresses = write_list(project / "media.csv", COUNT, languages=("ja",))
    server.recorder.after[AT] = damage
    code, out, err = send(server)
    assert code == 1, out + err
    assert "Traceback" not in err
    assert_invariant(reported(project), server.recorder, addresses)
    assert len(server.recorder.received) <= AT  # nothing handed over once the ledger was lost
    return addresses


def finish(project: Path, server: SmtpServer, addresses: list[str], *extra: str) -> None:
    code, out, err = send(server, *extra)
    assert code == 0, out + err
    assert server.recorder.per_recipient() == {a: 1 for a in addresses}
    assert set(reported(project).values()) == {"sent"}


def refuses_to_start_over(project: Path, server: SmtpServer) -> str:
    before = len(server.recorder.received)
    code, out, err = send(server)
    assert code == 1 and "Traceback" not in err
    assert len(server.recorder.received) == before
    assert "--recover-ledger" in err
    return err


def ledger_files(project: Path, name: str = "distribution.sqlite") -> list[Path]:
    return [project / f"{name}{suffix}" for suffix in ("", "-wal", "-shm")]


def test_a_ledger_deleted_during_the_run(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)

    def delete() -> None:
        for path in ledger_files(project):
            path.unlink(missing_ok=True)

    addresses = damaged_run(project, smtp_server, delete)
    err = refuses_to_start_over(project, smtp_server)
    assert f"distribution.sqlite:1:1: the ledger is missing, but {LOG} records {AT} message(s) handed over" in err
    assert not (project / "distribution.sqlite").exists()  # the refusal creates no new, empty ledger
    finish(project, smtp_server, addresses, "--recover-ledger")


def test_a_ledger_renamed_during_the_run(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    addresses = damaged_run(project, smtp_server, lambda: (project / "distribution.sqlite").rename(project / "old.sqlite"))
    refuses_to_start_over(project, smtp_server)
    finish(project, smtp_server, addresses, "--recover-ledger")


@pytest.mark.parametrize("how", ["moved over it", "copied into it"])
def test_a_ledger_restored_from_an_older_copy_during_the_run(project: Path, smtp_server: SmtpServer, how: str) -> None:
    """A backup restored as backups are: the database file of then, without the write-ahead log of now."""
    configure_send(project)
    backup = project / "backup.sqlite"

    def take_backup() -> None:
        with sqlite3.connect(project / "distribution.sqlite") as live, sqlite3.connect(backup) as copy:
            live.backup(copy)

    def restore() -> None:
        ledger, wal, shm = ledger_files(project)
        wal.unlink()
        shm.unlink()
        if how == "moved over it":
            os.replace(backup, ledger)
        else:
            shutil.copyfile(backup, ledger)  # the same file, with its older content

    smtp_server.recorder.after[2] = take_backup
    if how == "copied into it":
        # The same file (device and inode), older pages: the run's connections still share the live
        # write-ahead log and write it back into the file when they close, so the ledger comes out whole.
        addresses = write_list(project / "media.csv", COUNT, languages=("ja",))
        smtp_server.recorder.after[AT] = restore
        send(smtp_server)
        assert_invariant(reported(project), smtp_server.recorder, addresses)
        finish(project, smtp_server, addresses)
        return
    addresses = damaged_run(project, smtp_server, restore)
    err = refuses_to_start_over(project, smtp_server)
    assert "the ledger does not record" in err and "handed over" in err
    finish(project, smtp_server, addresses, "--recover-ledger")


@pytest.fixture
def mounted(project: Path) -> Iterator[Path]:
    """A folder of the project for the ledger, to be mounted over; unmounted whatever the test did."""
    folder = project / "ledger"
    folder.mkdir()
    yield folder
    while subprocess.run(["mountpoint", "-q", str(folder)], check=False).returncode == 0:
        subprocess.run(["umount", "-l", str(folder)], check=True)


@as_root
def test_a_ledger_on_a_file_system_made_read_only_between_runs(project: Path, smtp_server: SmtpServer, mounted: Path) -> None:
    """While a run has the ledger open for writing, the kernel refuses to make its file system read-only
    (mount point busy); a read-only file during a run is the immutable case below."""
    subprocess.run(["mount", "--bind", str(mounted), str(mounted)], check=True)
    configure_send(project, ledger="ledger/distribution.sqlite")
    addresses = write_list(project / "media.csv", COUNT, languages=("ja",))
    smtp_server.recorder.down_after = AT
    assert send(smtp_server)[0] == 1
    smtp_server.recorder.down_after = None
    subprocess.run(["mount", "-o", "remount,bind,ro", str(mounted)], check=True)
    code, out, err = send(smtp_server)
    assert code == 1 and "Traceback" not in err
    assert "ledger/distribution.sqlite:1:1: cannot write the delivery ledger" in err
    assert len(smtp_server.recorder.received) == AT
    subprocess.run(["mount", "-o", "remount,bind,rw", str(mounted)], check=True)
    finish(project, smtp_server, addresses)  # the ledger kept what it recorded: resumed without a flag


@as_root
def test_a_ledger_on_a_full_file_system(project: Path, smtp_server: SmtpServer, mounted: Path) -> None:
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mounted)], check=True)
    configure_send(project, ledger="ledger/distribution.sqlite")
    filler = mounted / "filler"

    def fill() -> None:
        with open(filler, "wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass

    addresses = damaged_run(project, smtp_server, fill)
    filler.unlink()
    finish(project, smtp_server, addresses)


def _chattr(flag: str, path: Path) -> None:
    result = subprocess.run(["chattr", flag, str(path)], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"this file system keeps no immutable flag: {result.stderr.strip()}")


@as_root
def test_an_immutable_ledger_is_refused_with_its_location(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    first = write_list(project / "media.csv", 2, languages=("ja",))
    assert send(smtp_server)[0] == 0
    ledger = project / "distribution.sqlite"
    _chattr("+i", ledger)
    try:
        (project / "media.csv").write_text((project / "media.csv").read_text("utf-8") + "新人,,new@example.com,ja,\n", "utf-8")
        code, out, err = send(smtp_server)
        assert code == 1 and "Traceback" not in err
        assert "distribution.sqlite:1:1: cannot write the delivery ledger" in err
        assert len(smtp_server.recorder.received) == 2
    finally:
        _chattr("-i", ledger)
    finish(project, smtp_server, [*first, "new@example.com"])


@as_root
def test_a_ledger_made_immutable_during_the_run(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    ledger = project / "distribution.sqlite"
    addresses = write_list(project / "media.csv", COUNT, languages=("ja",))
    smtp_server.recorder.after[AT] = lambda: _chattr("+i", ledger)
    try:
        code, out, err = send(smtp_server)
        assert "Traceback" not in err
        assert_invariant(reported(project), smtp_server.recorder, addresses)
        code, out, err = send(smtp_server)
        assert "Traceback" not in err
        assert_invariant(reported(project), smtp_server.recorder, addresses)
    finally:
        _chattr("-i", ledger)
    code, out, err = send(smtp_server, "--recover-ledger")
    assert code == 0, out + err
    assert smtp_server.recorder.per_recipient() == {a: 1 for a in addresses}


def test_recover_ledger_without_a_log_to_recover_from_changes_nothing(project: Path, smtp_server: SmtpServer) -> None:
    configure_send(project)
    addresses = write_list(project / "media.csv", 3, languages=("ja",))
    finish(project, smtp_server, addresses, "--recover-ledger")
    finish(project, smtp_server, addresses, "--recover-ledger")  # a second run sends nothing again


def test_a_ledger_overwritten_in_place_after_a_checkpoint_is_found_by_reading_it_back(tmp_path: Path) -> None:
    """Pages the write-ahead log no longer holds come from the file: older ones there mean lost records."""
    from pressgen.distribution.ledger import Key, Ledger, LedgerLost

    path = tmp_path / "ledger.sqlite"
    ledger = Ledger(path)
    keys = [Key("r", "0" * 64, f"j{n:03d}@example.com") for n in range(3)]
    ledger.plan((key, "ja", f"<{key.recipient}>") for key in keys)
    ledger.entries(["r"])
    with sqlite3.connect(path) as live, sqlite3.connect(tmp_path / "older.sqlite") as older:
        live.backup(older)
    ledger.mark(keys[0], "sending")
    ledger.mark(keys[0], "sent", "250 ok")
    with sqlite3.connect(path) as other:
        other.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the log restarts: its pages now live in the file only
    shutil.copyfile(tmp_path / "older.sqlite", path)
    with pytest.raises(LedgerLost, match="no longer holds what this run recorded"):
        ledger.mark(keys[1], "sending")
    assert ledger.rows[keys[1]].state == "pending" and ledger.rows[keys[0]].state == "sent"
    ledger.close()
