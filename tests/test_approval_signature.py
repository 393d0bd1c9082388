"""Approval by SSH signature: the approver signs with ssh-keygen, the gate verifies against the registry's keys.

And every way to pass off an approval without its issuer's consent, each refused with a message that
names the organization, the person and what is missing.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import SEED_APPROVERS, public_key, register_signing_key, relax_seed_check_errors, run_cli, ssh_key

SPEC = "releases/2026-04-21-itri-mou.yaml"


def _sign(org: str, day: str = "2026-04-20") -> None:
    person = SEED_APPROVERS[org]
    code, out, err = run_cli("approve", SPEC, "--by", f"{org}:{person}", "--date", day, "--key", str(ssh_key(person)))
    assert code == 0, err
    assert "(signed)" in out


def _gate(project: Path) -> tuple[int, list[str]]:
    code, _, err = run_cli("build", "--final", SPEC, "--format", "html")
    return code, [line for line in err.splitlines() if not line.startswith("pressgen:")]


def test_an_approval_signed_with_a_registered_key_opens_the_gate(keyed: Path) -> None:
    _sign("itri")
    _sign("ipark-institute")
    text = (keyed / SPEC).read_text("utf-8")
    assert re.search(r"approvals:\n  - org: itri\n    person: lu\n    date: '2026-04-20'\n    content: [0-9a-f]{12}\n"
                     r"    signature: \|\n      -----BEGIN SSH SIGNATURE-----\n", text)
    assert _gate(keyed) == (0, [])
    code, out, _ = run_cli("build", "--final", SPEC, "--format", "html")
    assert code == 0 and "wrote" in out


def test_a_signature_made_elsewhere_over_the_printed_message(keyed: Path) -> None:
    """The approver's own machine: `pressgen approve message | ssh-keygen -Y sign`, and the signature handed back."""
    code, message, _ = run_cli("approve", "message", SPEC, "--by", "itri:lu", "--date", "2026-04-20")
    assert code == 0
    assert message.startswith("pressgen approval\nrelease: 2026-04-21-itri-mou\ncontent: ")
    assert "organization: itri\nperson: lu\ndate: 2026-04-20\n" in message
    signed = subprocess.run(["ssh-keygen", "-Y", "sign", "-n", "pressgen-approval", "-f", str(ssh_key("lu"))],
                            input=message.encode(), capture_output=True, check=True).stdout
    (keyed / "lu.sig").write_bytes(signed)
    code, out, err = run_cli("approve", SPEC, "--by", "itri:lu", "--date", "2026-04-20", "--signature", "lu.sig")
    assert code == 0, err
    _sign("ipark-institute")
    assert _gate(keyed) == (0, [])
    # the same signature for another day is another message: refused before anything is written
    before = (keyed / SPEC).read_text("utf-8")
    code, _, err = run_cli("approve", SPEC, "--by", "itri:lu", "--date", "2026-04-21", "--signature", "lu.sig")
    assert code == 1 and "is not itri/lu's approval of this version on 2026-04-21" in err
    assert (keyed / SPEC).read_text("utf-8") == before


def test_unsigned_approvals_are_refused_unless_the_project_trusts_the_organization(keyed: Path) -> None:
    _sign("ipark-institute")
    code, out, _ = run_cli("approve", SPEC, "--by", "itri:lu")
    assert code == 0 and "unsigned: it counts only where [tool.pressgen.approve] trust_unsigned lists itri" in out
    code, errors = _gate(keyed)
    assert code == 1
    assert len(errors) == 1
    assert errors[0].startswith(f"{SPEC}:44:25: ")  # the person of the unsigned entry
    assert ("approvals[1].person: itri/lu's approval of version" in errors[0]
            and "carries no evidence (no SSH signature, no approval link) and [tool.pressgen.approve] trust_unsigned "
                "does not list itri" in errors[0])
    assert f"pressgen approve request {SPEC} --org itri" in errors[0]
    settings = keyed / "pyproject.toml"
    settings.write_text(settings.read_text("utf-8").replace("trust_unsigned = []", 'trust_unsigned = ["itri"]'), "utf-8")
    assert _gate(keyed) == (0, [])


def test_a_hand_written_approval_with_the_right_hash_is_refused(keyed: Path) -> None:
    """Anyone with the spec can compute the hash: typing the line proves nothing."""
    from pressgen.spec import load_release, short_hash

    _sign("ipark-institute")
    version = short_hash(load_release(keyed / SPEC))
    spec = keyed / SPEC
    spec.write_text(spec.read_text("utf-8") + f"  - {{org: itri, person: lu, date: '2026-04-20', content: {version}}}\n", "utf-8")
    code, errors = _gate(keyed)
    assert code == 1 and len(errors) == 1
    assert "itri/lu's approval of version" in errors[0] and "carries no evidence" in errors[0]


def test_a_signature_copied_from_another_approval_is_refused(keyed: Path) -> None:
    _sign("ipark-institute")
    spec = keyed / SPEC
    text = spec.read_text("utf-8")
    block = text[text.index("  - org: ipark-institute"):]
    spec.write_text(text + block.replace("org: ipark-institute", "org: itri").replace("person: fujimoto", "person: lu"), "utf-8")
    code, errors = _gate(keyed)
    assert code == 1 and len(errors) == 1
    assert "approvals[1].signature: itri/lu's approval of version" in errors[0]
    assert "does not hold: the signature is not itri/lu's approval of this version on 2026-04-20" in errors[0]


def test_a_signature_of_another_version_is_refused_even_with_the_hash_updated(keyed: Path) -> None:
    from pressgen.spec import load_release, short_hash

    _sign("ipark-institute")
    _sign("itri")
    spec = keyed / SPEC
    old = short_hash(load_release(spec))
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を執り行いました"), "utf-8")
    new = short_hash(load_release(spec))
    spec.write_text(spec.read_text("utf-8").replace(f"content: {old}", f"content: {new}"), "utf-8")  # the forger's edit
    code, errors = _gate(keyed)
    assert code == 1 and len(errors) == 2
    assert all("does not hold: the signature is not" in e and f"approval of this version on 2026-04-20" in e for e in errors)
    assert any("itri/lu" in e for e in errors) and any("ipark-institute/fujimoto" in e for e in errors)


def test_a_key_not_in_the_registry_signs_nothing(keyed: Path) -> None:
    before = (keyed / SPEC).read_text("utf-8")
    code, _, err = run_cli("approve", SPEC, "--by", "itri:lu", "--key", str(ssh_key("intruder")))
    assert code == 1
    assert "itri/lu: the signature is by a key that is not one of itri/lu's in the registry" in err
    assert (keyed / SPEC).read_text("utf-8") == before
    # the same signature pasted into the spec by hand: the gate refuses it too
    _sign("ipark-institute")
    _, message, _ = run_cli("approve", "message", SPEC, "--by", "itri:lu", "--date", "2026-04-20")
    signed = subprocess.run(["ssh-keygen", "-Y", "sign", "-n", "pressgen-approval", "-f", str(ssh_key("intruder"))],
                            input=message.encode(), capture_output=True, check=True).stdout.decode()
    version = re.search(r"content: ([0-9a-f]{12})", (keyed / SPEC).read_text("utf-8"))[1]  # type: ignore[index]
    pasted = "".join(f"      {line}\n" for line in signed.strip().splitlines())
    entry = f"  - org: itri\n    person: lu\n    date: '2026-04-20'\n    content: {version}\n    signature: |\n{pasted}"
    (keyed / SPEC).write_text((keyed / SPEC).read_text("utf-8") + entry, "utf-8")
    code, errors = _gate(keyed)
    assert code == 1 and len(errors) == 1
    assert "approvals[1].signature: itri/lu's approval of version" in errors[0]
    assert "the signature is by a key that is not one of itri/lu's in the registry" in errors[0]


def test_a_person_without_keys_in_the_registry_cannot_be_verified(project: Path) -> None:
    relax_seed_check_errors(project)
    code, _, err = run_cli("approve", SPEC, "--by", "itri:lu", "--key", str(ssh_key("lu")))
    assert code == 1
    assert "the registry lists no signing key for itri/lu (people.lu.signing_keys in releases/orgs/itri.yaml)" in err


def test_a_key_added_to_the_registry_after_the_signature_date_does_not_count(keyed: Path) -> None:
    """Key history: a key listed as valid from May cannot have signed in April, whatever the approval says."""
    orgs = keyed / "releases" / "orgs" / "itri.yaml"
    key = public_key("lu")
    orgs.write_text(orgs.read_text("utf-8").replace(f"'{key}'", f"'valid-after=\"20260501\" {key}'"), "utf-8")
    code, _, err = run_cli("approve", SPEC, "--by", "itri:lu", "--date", "2026-04-20", "--key", str(ssh_key("lu")))
    assert code == 1
    assert "itri/lu signed with a key the registry does not count on 2026-04-20 (ssh-ed25519 key valid from 2026-05-01)" in err
    _sign("itri", "2026-05-02")
    _sign("ipark-institute", "2026-05-02")
    assert _gate(keyed) == (0, [])
    # the key is retired at the end of May: approvals signed before stay good, later ones do not count
    orgs.write_text(orgs.read_text("utf-8").replace('valid-after="20260501"', 'valid-after="20260501",valid-before="20260601"'), "utf-8")
    assert _gate(keyed) == (0, [])
    code, _, err = run_cli("approve", SPEC, "--by", "itri:lu", "--date", "2026-06-02", "--key", str(ssh_key("lu")))
    assert code == 1 and "valid from 2026-05-01 until 2026-06-01" in err


def test_an_approval_by_someone_the_registry_does_not_know_is_refused(keyed: Path) -> None:
    _sign("ipark-institute")
    _sign("itri")
    spec = keyed / SPEC
    spec.write_text(spec.read_text("utf-8").replace("person: lu", "person: lin"), "utf-8")
    code, errors = _gate(keyed)
    assert code == 1 and len(errors) == 1
    assert "approvals[1].person: 'lin' is not a person of 'itri' in the registry (known: chang, lu); this approval does not count" in errors[0]


def test_only_the_registry_approvers_may_sign_off(keyed: Path) -> None:
    orgs = keyed / "releases" / "orgs" / "itri.yaml"
    orgs.write_text(orgs.read_text("utf-8").replace("\ncontacts:", "\napprovers: [chang]\ncontacts:", 1)
                    if "\ncontacts:" in orgs.read_text("utf-8") else orgs.read_text("utf-8") + "approvers: [chang]\n", "utf-8")
    code, _, err = run_cli("approve", SPEC, "--by", "itri:lu", "--key", str(ssh_key("lu")))
    assert code == 1 and "'lu' is not among the approvers of 'itri' in the registry (chang)" in err
    orgs.write_text(orgs.read_text("utf-8").replace("approvers: [chang]", "approvers: [chang, nobody]"), "utf-8")
    code, _, err = run_cli("validate", SPEC)
    assert code == 1 and "releases/orgs/itri.yaml" in err and "approvers[1]: 'nobody' is not a person of 'itri'" in err


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("ssh-ed25519", "must be an SSH public key as in allowed_signers"),
        ("ssh-dss AAAAB3NzaC1kc3MAAACBAP", "must be an SSH public key as in allowed_signers"),
        ("ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQAB", "the key says it is 'ssh-rsa', not 'ssh-ed25519'"),
        ('cert-authority ssh-ed25519 AAAA', "must be an SSH public key"),
        ('valid-after="2026" KEY', "unknown or malformed option"),
        ('valid-after="20260230" KEY', "valid-after: 20260230 is not a date and time"),
        ('valid-after="20260601",valid-before="20260501" KEY', "valid-after must come before valid-before"),
    ],
)
def test_a_malformed_registry_key_is_refused_at_its_line(project: Path, line: str, message: str) -> None:
    register_signing_key(project, "itri", "lu", line.replace("KEY", public_key("lu")))
    code, _, err = run_cli("validate", SPEC)
    assert code == 1
    assert "releases/orgs/itri.yaml:" in err and "people.lu.signing_keys[0]" in err and message in err


def test_keys_and_addresses_in_the_registry_are_not_content(project: Path) -> None:
    """Giving a speaker a key or an approval address must not invalidate the approvals already given."""
    from pressgen.spec import content_hash, load_release

    before = content_hash(load_release(project / SPEC))
    register_signing_key(project, "ipark-institute", "fujimoto", public_key("fujimoto"))
    orgs = project / "releases" / "orgs" / "ipark-institute.yaml"
    orgs.write_text(orgs.read_text("utf-8").replace("  fujimoto:\n", "  fujimoto:\n    email: fujimoto@example.com\n"), "utf-8")
    assert content_hash(load_release(project / SPEC)) == before
