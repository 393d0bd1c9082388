"""Approval by link, end to end: the request mailed (aiosmtpd), the approval pages under waitress on 127.0.0.1, Chromium
clicking Approve, the gate verifying the token and the receipt; and every forgery of a link, each refused."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_send_support import SmtpServer, configure_send, smtp_server  # noqa: F401

from conftest import run_cli, ssh_key

SPEC = "releases/2026-04-21-itri-mou.yaml"
KEY = "test-approval-key-" + "x" * 40
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@dataclass
class Site:
    base: str
    project: Path
    smtp: SmtpServer


@pytest.fixture
def site(keyed: Path, smtp_server: SmtpServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:  # noqa: F811
    """The project set up for link approvals: ITRI's approver lu with an address, the MAC key in the environment,
    the approval pages served by waitress on a free port, requests mailed to aiosmtpd."""
    import waitress

    from pressgen.spec import find_project
    from pressgen.webapp import create_app

    monkeypatch.setenv("PRESSGEN_APPROVAL_KEY", KEY)
    orgs = keyed / "releases" / "orgs" / "itri.yaml"
    text = orgs.read_text("utf-8").replace("  lu:\n", "  lu:\n    email: lu@itri.example.org\n")
    orgs.write_text(text.replace("\ncontacts:", "\napprovers: [lu]\ncontacts:", 1) if "\ncontacts:" in text else text + "approvers: [lu]\n", "utf-8")
    configure_send(keyed, smtp=smtp_server.address)
    server = waitress.create_server(create_app(find_project(keyed)), host="127.0.0.1", port=0, threads=4)
    base = f"http://127.0.0.1:{server.effective_port}/"  # type: ignore[union-attr]
    settings = keyed / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace('# link_base = "https://approve.example.org/"', f'link_base = "{base}"'), "utf-8")
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        yield Site(base, keyed, smtp_server)
    finally:
        server.close()
        thread.join(5)


def _request(site: Site) -> tuple[str, object]:
    code, out, err = run_cli("approve", "request", SPEC, "--org", "itri")
    assert code == 0, err
    assert "asked itri/lu <lu@itri.example.org> to approve version" in out
    message = site.smtp.recorder.received[-1].message()
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    link = re.search(r"http://127\.0\.0\.1:\d+/approve/[A-Za-z0-9_.-]+", text)
    assert link, text
    return link[0], message


def _http(url: str, data: dict[str, str] | None = None, method: str | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, method=method, headers=headers or {})

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(request, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def _gate(project: Path) -> list[str]:
    code, _, err = run_cli("build", "--final", SPEC, "--format", "html")
    return [] if code == 0 else [line for line in err.splitlines() if not line.startswith("pressgen:")]


def _sign_ipark() -> None:
    assert run_cli("approve", SPEC, "--by", "ipark-institute:fujimoto", "--key", str(ssh_key("fujimoto")))[0] == 0


def test_the_request_goes_to_the_registry_address_with_the_release_its_pdf_and_a_personal_link(site: Site) -> None:
    link, message = _request(site)
    received = site.smtp.recorder.received[-1]
    assert received.recipients == ["lu@itri.example.org"]  # one person, the registry's address
    assert message["To"].addresses[0].addr_spec == "lu@itri.example.org"  # type: ignore[index]
    assert message["Subject"].startswith("【承認のお願い】アイパークインスティテュート")  # type: ignore[union-attr]
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert link in html and "台湾のバイオテクノロジー産業" in html  # the release itself, in the body
    attachments = {part.get_filename(): part for part in message.iter_attachments()}  # type: ignore[attr-defined]
    assert attachments["2026-04-21-itri-mou.pdf"].get_content().startswith(b"%PDF")
    assert "最初の版です" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "redline" not in " ".join(attachments)
    code, out, _ = run_cli("approve", "status", SPEC)
    assert code == 1
    assert "itri: requested: sent to lu <lu@itri.example.org> at " in out
    assert "ipark-institute: missing" in out


def test_chromium_opens_the_link_and_clicking_approve_records_an_approval_the_gate_verifies(site: Site) -> None:
    from playwright.sync_api import sync_playwright

    link, _ = _request(site)
    before = (site.project / SPEC).read_text("utf-8")
    for method in ("GET", "HEAD"):  # mail scanners follow links: that approves nothing
        assert _http(link, method=method)[0] == 200
    assert (site.project / SPEC).read_text("utf-8") == before
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(120_000)  # the machine may be busy with other work; nothing here is timed
            page.goto(link)
            assert "承認のお願い" in page.title()
            frame = page.frame_locator("iframe")
            assert "工業技術研究院" in frame.locator("h1").inner_text() or frame.locator("body").inner_text()
            approve = page.get_by_role("button", name="この版を承認する")
            # Below the fold: scrolled to first, as a reader does (Debian's Chromium 156 does not act on a click
            # that Playwright's own scrolling brought into view).
            approve.scroll_into_view_if_needed()
            with page.expect_navigation():
                approve.click()
            assert "承認いただきました" in page.locator("main").inner_text()
        finally:
            browser.close()
    text = (site.project / SPEC).read_text("utf-8")
    assert re.search(r"  - org: itri\n    person: lu\n    date: '\d{4}-\d\d-\d\d'\n    content: [0-9a-f]{12}\n    link:\n"
                     r"      token: '[A-Za-z0-9_.-]+'\n      receipt: '[A-Za-z0-9_.-]+'\n", text)
    _sign_ipark()
    assert _gate(site.project) == []
    code, out, _ = run_cli("approve", "status", SPEC)
    assert code == 0
    assert re.search(r"itri: approved: by lu on \d{4}-\d\d-\d\d, approval link, used at .* UTC, for version [0-9a-f]{12}", out)
    assert "ipark-institute: approved: by fujimoto on" in out and "SSH signature by ED25519 key SHA256:" in out
    # the link is spent: the page says what was answered, and a second POST changes nothing
    status, body = _http(link)
    assert status == 200 and "承認いただきました" in body
    assert _http(link, {"action": "approve"})[0] == 409
    # the organization approved this version: asking again is refused
    code, _, err = run_cli("approve", "request", SPEC, "--org", "itri")
    assert code == 1 and "itri/lu already approved this version" in err


def test_request_changes_becomes_a_located_check_finding_until_the_issuer_approves(site: Site) -> None:
    link, _ = _request(site)
    status, body = _http(link, {"action": "changes", "comment": "", "part": ""})
    assert status == 400 and "修正してほしい点をご記入ください" in body  # a change request says what
    status, _ = _http(link, {"action": "changes", "comment": "呂所長の肩書は「所長」でお願いします。", "part": "headline"})
    assert status == 303
    code, out, _ = run_cli("check", SPEC)
    finding = next(line for line in out.splitlines() if "review.changes-requested" in line)
    assert finding.startswith(f"{SPEC}:8:11: error review.changes-requested: itri/lu requested changes to version ")
    assert "(headline)" in finding and "呂所長の肩書は「所長」でお願いします。" in finding
    code, out, _ = run_cli("approve", "status", SPEC)
    assert "itri: changes requested: by lu at " in out and "呂所長の肩書は" in out
    assert "review.changes-requested" in " ".join(_gate(site.project))
    # the team edits, asks again, and the approval answers the request
    spec = site.project / SPEC
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を執り行いました"), "utf-8")
    assert _http(link)[0] == 200 and "修正依頼" in _http(link)[1]  # the old link shows its answer
    new_link, _ = _request(site)
    assert _http(new_link, {"action": "approve"}, headers={"Origin": site.base.rstrip("/")})[0] == 303
    _, out, _ = run_cli("check", SPEC)
    assert "review.changes-requested" not in out


def test_the_redline_since_the_version_the_organization_last_approved(site: Site) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(site.project), *args], check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "start")
    assert run_cli("approve", SPEC, "--by", "itri:lu", "--key", str(ssh_key("lu")))[0] == 0
    git("add", "-A")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "approved by ITRI")
    spec = site.project / SPEC
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を執り行いました"), "utf-8")
    _, message = _request(site)
    attachments = {part.get_filename(): part for part in message.iter_attachments()}  # type: ignore[attr-defined]
    redline = attachments["2026-04-21-itri-mou.redline.html"].get_content()
    assert "<ins" in redline and "執り" in redline
    assert "前回承認された版" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]


# ── forgeries and misuse, at the server ──


def test_a_token_for_another_version_expired_forged_or_replayed_is_refused_by_the_server(site: Site) -> None:
    from pressgen.review.evidence import REQUEST, link_tokens, request_claims
    from pressgen.spec import load_release

    link, _ = _request(site)
    tampered = link[:-3] + ("AAA" if not link.endswith("AAA") else "BBB")
    assert _http(tampered)[0] == 403 and _http(tampered, {"action": "approve"})[0] == 403
    assert _http(site.base + "approve/not-a-token-at-all")[0] == 403
    loaded = load_release(site.project / SPEC)
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=10)
    expired = link_tokens(REQUEST).issue(request_claims(loaded, "itri", "lu"), dt.timedelta(days=7), past)
    status, body = _http(site.base + "approve/" + expired, {"action": "approve"})
    assert status == 410 and "失効しました" in body
    assert _http(link, {"action": "approve"}, headers={"Origin": "https://elsewhere.example"})[0] == 403
    assert _http(link, method="PUT")[0] == 405
    assert _http(link, {"comment": "x" * 100_000, "action": "changes"})[0] == 413
    spec = site.project / SPEC
    before = spec.read_text("utf-8")
    spec.write_text(before.replace("調印式を行いました", "調印式を執り行いました"), "utf-8")
    status, body = _http(link, {"action": "approve"})
    assert status == 409 and "リリースが変更されました" in body
    spec.write_text(before, "utf-8")
    assert _http(link, {"action": "approve"})[0] == 303
    status, body = _http(link, {"action": "approve"})  # replayed
    assert status == 409 and "すでに使われています" in body
    assert spec.read_text("utf-8").count("org: itri") == 1


def test_the_server_does_not_start_without_the_key(keyed: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pressgen.errors import PressgenError
    from pressgen.spec import find_project
    from pressgen.webapp import create_app

    monkeypatch.delenv("PRESSGEN_APPROVAL_KEY", raising=False)
    with pytest.raises(PressgenError, match="PRESSGEN_APPROVAL_KEY is not set"):
        create_app(find_project(keyed))
    monkeypatch.setenv("PRESSGEN_APPROVAL_KEY", "short")
    with pytest.raises(PressgenError, match="has 5 characters, fewer than 32"):
        create_app(find_project(keyed))


# ── forgeries of the evidence in the spec, at the gate ──


def _approved_by_link(site: Site) -> str:
    link, _ = _request(site)
    assert _http(link, {"action": "approve"})[0] == 303
    _sign_ipark()
    assert _gate(site.project) == []
    return link


def _entry(project: Path) -> str:
    found = re.search(r"^  - org: itri\n(?:    .*\n)*", (project / SPEC).read_text("utf-8"), re.M)
    assert found
    return found[0]


def _replace_entry(project: Path, new: str) -> None:
    spec = project / SPEC
    spec.write_text(spec.read_text("utf-8").replace(_entry(project), new), "utf-8")


def test_a_link_approval_carried_over_to_an_edited_version_is_refused(site: Site) -> None:
    from pressgen.spec import load_release, short_hash

    _approved_by_link(site)
    spec = site.project / SPEC
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を執り行いました"), "utf-8")
    new = short_hash(load_release(spec))
    _replace_entry(site.project, re.sub(r"content: [0-9a-f]{12}", f"content: {new}", _entry(site.project)))
    errors = [e for e in _gate(site.project) if "itri/lu" in e]
    assert len(errors) == 1
    assert re.search(r"approvals\[\d\]\.link: itri/lu's approval of version", errors[0])
    assert "the approval link was issued for version" in errors[0]


def test_a_token_for_another_organization_or_person_is_refused(site: Site) -> None:
    from pressgen.review.evidence import REQUEST, issue_receipt, link_tokens, request_claims
    from pressgen.spec import load_release

    _approved_by_link(site)
    loaded = load_release(site.project / SPEC)
    now = dt.datetime.now(dt.timezone.utc)
    for org, person, said in (("ipark-institute", "fujimoto", "organization ipark-institute"), ("itri", "chang", "person chang")):
        token = link_tokens(REQUEST).issue(request_claims(loaded, org, person), dt.timedelta(days=7), now)
        receipt = issue_receipt(link_tokens(REQUEST).read(token, now), now)
        entry = re.sub(r"token: '[^']*'", f"token: '{token}'", _entry(site.project))
        _replace_entry(site.project, re.sub(r"receipt: '[^']*'", f"receipt: '{receipt}'", entry))
        errors = _gate(site.project)
        assert len(errors) == 1 and f"the approval link was issued for {said}, not for itri/lu's approval" in errors[0]


def test_a_receipt_after_expiry_a_borrowed_receipt_and_a_forged_mac_are_refused(site: Site) -> None:
    from pressgen.review.evidence import REQUEST, issue_receipt, link_tokens

    _approved_by_link(site)
    original = _entry(site.project)
    token = re.search(r"token: '([^']*)'", original)[1]  # type: ignore[index]
    claims = link_tokens(REQUEST).read_signed(token)
    late = issue_receipt(claims, dt.datetime.fromtimestamp(claims["exp"] + 60, dt.timezone.utc))
    _replace_entry(site.project, re.sub(r"receipt: '[^']*'", f"receipt: '{late}'", original))
    assert "after it expired at" in " ".join(_gate(site.project))
    other = issue_receipt({**claims, "n": "another-nonce"}, dt.datetime.now(dt.timezone.utc))
    _replace_entry(site.project, re.sub(r"receipt: '[^']*'", f"receipt: '{other}'", original))
    assert "the approval server's receipt is for another link" in " ".join(_gate(site.project))
    forged = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    _replace_entry(site.project, original.replace(token, forged))
    assert "the approval link's token its MAC does not verify" in " ".join(_gate(site.project))
    _replace_entry(site.project, original)
    assert _gate(site.project) == []


def test_the_gate_cannot_check_a_link_without_the_key(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    _approved_by_link(site)
    monkeypatch.delenv("PRESSGEN_APPROVAL_KEY")
    errors = _gate(site.project)
    assert len(errors) == 1 and "itri/lu" in errors[0] and "PRESSGEN_APPROVAL_KEY is not set" in errors[0]


def test_the_preview_release_list_shows_each_issuers_sign_off(site: Site) -> None:
    from test_serve import Preview

    link, _ = _request(site)
    preview = Preview(site.project)
    try:
        index = preview.get("/")[1].decode()
        assert "itri: requested" in index and "ipark-institute: missing" in index
        assert _http(link, {"action": "approve"})[0] == 303
        _sign_ipark()
        deadline = time.monotonic() + 15  # the preview reloads the edited spec in the background
        while True:
            index = preview.get("/")[1].decode()
            if ("itri: approved" in index and "ipark-institute: approved" in index) or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert "itri: approved" in index and "ipark-institute: approved" in index
        assert re.search(r'title="by lu on [^"]*approval link, used at', index)
    finally:
        preview.kill()
