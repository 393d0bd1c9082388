"""One sign-off gate for every way a release leaves pressgen: build --final, send and site, case by case."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from test_send_support import SmtpServer, configure_send, pdf_once, smtp_server, write_list  # noqa: F401

from conftest import run_cli, sign_off, ssh_key

JA, EN = "2026-04-21-itri-mou", "2026-04-21-itri-mou-en"
SPEC = f"releases/{JA}.yaml"

pytestmark = pytest.mark.usefixtures("pdf_once")


def _edit(project: Path, old: str, new: str) -> None:
    spec = project / SPEC
    text = spec.read_text("utf-8")
    assert old in text
    spec.write_text(text.replace(old, new, 1), "utf-8")


def _approval_of(project: Path, org: str) -> str:
    """The whole entry of the organization's (signed) approval, up to the next entry or the end."""
    found = re.search(rf"^  - org: {org}\n(?:    .*\n)*", (project / SPEC).read_text("utf-8"), re.M)
    assert found, org
    return found[0]


def _unsigned(project: Path, org: str) -> None:
    """The organization's approval as a hand-written line: same person, date and content, no signature."""
    entry = _approval_of(project, org)
    fields = dict(re.findall(r"^ *-? *(org|person|date|content): (.*)$", entry, re.M))
    line = f"  - {{org: {fields['org']}, person: {fields['person']}, date: {fields['date']}, content: {fields['content']}}}\n"
    _edit(project, entry, line)


def _cut_approvals(project: Path) -> None:
    spec = project / SPEC
    text = spec.read_text("utf-8")
    spec.write_text(text[: text.index("approvals:")], "utf-8")


def _check_error(project: Path) -> None:
    """Half-width katakana (a check error) in the body, approved as it is by both issuers."""
    from pressgen.review import approve

    _edit(project, "調印式を行いました", "調印式をｵｺﾅｲました")
    approve(project / SPEC, "ipark-institute:fujimoto", key=ssh_key("fujimoto"))
    approve(project / SPEC, "itri:lu", key=ssh_key("lu"))


# name → (what is done to the signed-off Japanese release, what build --final and send say, what site says)
CASES: dict[str, tuple[Callable[[Path], None], str, str]] = {
    "in review": (
        lambda p: _edit(p, "status: approved", "status: review"),
        f"{SPEC}:6:9: status: is 'review'; only an approved release goes out",
        "review",
    ),
    "approved by nobody": (
        lambda p: _cut_approvals(p),
        "工業技術研究院 has not approved this release",
        "not approved by ipark-institute, itri",
    ),
    "one issuer missing": (
        lambda p: _edit(p, _approval_of(p, "itri"), ""),
        f"{SPEC}:7:28: issuers[1]: 工業技術研究院 has not approved this release: pressgen approve {SPEC} --by itri:PERSON",
        "not approved by itri",
    ),
    "edited after approval": (
        lambda p: _edit(p, "調印式を行いました", "調印式を執り行いました"),
        "工業技術研究院 must approve again",
        "changed since ipark-institute, itri approved it",
    ),
    "approver not in the registry": (
        lambda p: _edit(p, "org: itri\n    person: lu\n", "org: itri\n    person: nobody\n"),
        "approvals[1].person: 'nobody' is not a person of 'itri' in the registry (known: chang, lu); this approval does not count",
        "approval by itri/nobody does not count",
    ),
    "approval by an organization that is not an issuer": (
        lambda p: _edit(p, "org: itri\n    person: lu\n", "org: shonan-ipark\n    person: lu\n"),
        "approvals[1].org: 'shonan-ipark' is not an issuer of this release; this approval does not count",
        "approval by shonan-ipark/lu does not count",
    ),
    "an approval without evidence": (
        lambda p: _unsigned(p, "itri"),
        "approvals[1].person: itri/lu's approval of version",
        "approval by itri/lu does not count",
    ),
    "a signature of the other issuer's approval": (
        lambda p: _edit(p, _approval_of(p, "itri"), _approval_of(p, "ipark-institute").replace(
            "org: ipark-institute\n    person: fujimoto\n", "org: itri\n    person: lu\n")),
        "does not hold: the signature is not itri/lu's approval of this version",
        "approval by itri/lu does not count",
    ),
    "a check error": (
        _check_error,
        "body: check characters.halfwidth-kana",
        "check error",
    ),
}


@pytest.fixture
def signed_off(project: Path) -> Path:
    """Both seed releases approved by both issuers, as they are now."""
    sign_off(project, project / SPEC, project / "releases" / f"{EN}.yaml")
    return project


def _build(project: Path, server: SmtpServer) -> tuple[bool, str]:
    code, out, err = run_cli("build", "--final", SPEC, "--format", "html")
    written = (project / "out" / JA / f"{JA}.html").exists()
    assert (code == 0) == written, err
    return written, err


def _send(project: Path, server: SmtpServer) -> tuple[bool, str]:
    configure_send(project)
    write_list(project / "media.csv", 2, languages=("ja",))
    code, out, err = run_cli("send", SPEC, "--list", "media.csv", "--smtp", server.address, "--no-pdf")
    received = len(server.recorder.received)
    assert received in (0, 2) and (code == 0) == (received == 2), err
    return received == 2, err


def _site(project: Path, server: SmtpServer) -> tuple[bool, str]:
    code, out, err = run_cli("site")
    assert code == 0, err
    site = project / "out" / "site"
    assert (site / "release" / EN / "index.html").is_file()  # the other release, signed off, is published
    published = (site / "release" / JA / "index.html").is_file()
    held = re.search(rf"not published yet: .*{re.escape(JA)} \(([^)]*)\)", out)
    assert published != bool(held), out
    return published, held[1] if held else ""


EXITS = {"build --final": _build, "send": _send, "site": _site}


@pytest.mark.parametrize("way_out", EXITS)
def test_a_signed_off_release_goes_out(signed_off: Path, smtp_server: SmtpServer, way_out: str) -> None:
    passed, said = EXITS[way_out](signed_off, smtp_server)
    assert passed, said


@pytest.mark.parametrize("way_out", EXITS)
@pytest.mark.parametrize("case", CASES)
def test_the_gate_holds_the_release_back(signed_off: Path, smtp_server: SmtpServer, case: str, way_out: str) -> None:
    change, refusal, reason = CASES[case]
    change(signed_off)
    passed, said = EXITS[way_out](signed_off, smtp_server)
    assert not passed
    assert (reason if way_out == "site" else refusal) in said


@pytest.mark.parametrize("way_out", EXITS)
def test_every_way_out_asks_the_one_gate(signed_off: Path, smtp_server: SmtpServer, way_out: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal added to the gate closes every way out at once."""
    from pressgen.review import gate

    def refuse(loaded, index, approval):  # type: ignore[no-untyped-def]
        held = approval.org == "itri" and loaded.release.id == JA
        return ("person", "no evidence of this approval") if held else None

    monkeypatch.setattr(gate, "APPROVAL_CHECKS", (*gate.APPROVAL_CHECKS, refuse))
    passed, said = EXITS[way_out](signed_off, smtp_server)
    assert not passed
    assert ("approval by itri/lu does not count" if way_out == "site" else "no evidence of this approval") in said
