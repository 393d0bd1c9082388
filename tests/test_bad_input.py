"""Bad input through the real CLI: each refusal is located (path:line:col: field: message), exits 1, writes nothing."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import pytest

from conftest import ROOT, docx_paragraphs, html_blocks, pdf_text, run_cli, run_pressgen, squash, project_part

BAD = Path(__file__).resolve().parent / "bad"
GOOD = (BAD / "good.yaml").read_text("utf-8")
# Every fixture has the id bad-input and is installed under this name, so it replaces the good build's spec.
SPEC = "releases/bad-input.yaml"
OUT = Path("out/bad-input")
ITRI = "releases/orgs/itri.yaml"

Snapshot = dict[str, tuple[str, int]]


def outputs() -> Snapshot:
    """Every file under out/ (hidden temp files too) with the digest of its bytes and its modification time."""
    out = Path("out")
    if not out.exists():
        return {}
    return {
        str(p.relative_to(out)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def use(fixture: str) -> None:
    shutil.copy(BAD / fixture, SPEC)


def use_bytes(data: bytes) -> None:
    Path(SPEC).write_bytes(data)


def good_with(old: str, new: str) -> str:
    assert old in GOOD  # a fixture edit that silently matched nothing would test the good spec
    return GOOD.replace(old, new, 1)


@pytest.fixture(scope="module")
def good_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """out/ of the good release, built once by the CLI in a project of its own (a build takes about a second)."""
    root = tmp_path_factory.mktemp("good")
    for name in ("releases", "templates"):
        shutil.copytree(project_part(name), root / name)
    shutil.copy(ROOT / "pyproject.toml", root)
    shutil.copy(BAD / "good.yaml", root / SPEC)
    code, _, err = run_cli("build", str(root / SPEC), "--out", str(root / "out"))
    assert code == 0, err
    return root / "out"


@pytest.fixture
def built(project: Path, good_out: Path) -> Snapshot:
    """The good release's spec and its three built files in place: what a failing build could damage."""
    shutil.copy(BAD / "good.yaml", SPEC)
    shutil.copytree(good_out, "out")
    before = outputs()
    assert sorted(before) == [f"bad-input/bad-input.{s}" for s in ("docx", "html", "pdf")]
    return before


def refused(before: Snapshot, prefix: str, *words: str, command: str = "build") -> list[str]:
    """Run the command on SPEC; assert exit 1, the located message, and out/ exactly as it was."""
    code, out, err = run_cli(command, SPEC)
    assert code == 1, out + err
    assert "Traceback" not in out + err
    lines = err.splitlines()
    hit = [line for line in lines if line.startswith(prefix)]
    assert hit, f"no message starting {prefix!r} in:\n{err}"
    for word in words:
        assert word in hit[0], hit[0]
    assert outputs() == before  # byte-identical, same mtimes, no .tmp left beside them
    return lines


# ── YAML itself ──────────────────────────────────────────────────────────────
# A YAML syntax error has no data yet, so "YAML syntax" stands where a field path would.


def test_yaml_syntax_error(built: Snapshot, project: Path) -> None:
    use("syntax_error.yaml")
    # A real process, as a user meets it: the message and exit code must survive outside CliRunner.
    result = run_pressgen("build", SPEC, cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.startswith(f"{SPEC}:6:15: YAML syntax: mapping values are not allowed")
    assert outputs() == built


def test_tab_indentation(built: Snapshot) -> None:
    use("tab_indent.yaml")
    refused(built, f"{SPEC}:6:1: YAML syntax: ", "tabs cannot indent YAML", "use spaces")


def test_duplicate_key(built: Snapshot) -> None:
    use("duplicate_key.yaml")
    refused(built, f"{SPEC}:9:1: headline: ", "duplicate key 'headline'", "first defined at line 6")


def test_unsafe_python_tag_is_refused_not_run(built: Snapshot, project: Path) -> None:
    use("unsafe_tag.yaml")
    refused(built, f"{SPEC}:6:11: headline: ", "!!python/object/apply:os.system", "not allowed")
    assert not (project / "pwned").exists()


def test_alias_bomb_refused_in_under_a_second(built: Snapshot) -> None:
    use("alias_bomb.yaml")
    start = time.perf_counter()
    refused(built, f"{SPEC}:10:1: suppress: ", "expands to", "aliases", "the limit is 50,000")
    assert time.perf_counter() - start < 1.0


def test_five_megabyte_spec_refused_quickly(built: Snapshot) -> None:
    use_bytes(good_with("on April 1.", "on April 1. " + "More words. " * 420_000).encode())
    assert Path(SPEC).stat().st_size > 5_000_000
    start = time.perf_counter()
    refused(built, f"{SPEC}:1:1: ", "bytes", "the limit for a release spec is 128,000")
    assert time.perf_counter() - start < 1.0


def test_a_spec_far_larger_than_any_release_is_refused_before_it_is_parsed(built: Snapshot, monkeypatch: pytest.MonkeyPatch) -> None:
    """A release is a few KB; a 900 KB spec (once under the limit, 9.5 s to refuse) is not parsed at all."""
    from pressgen.spec import yamlsource

    highlights = "highlights:\n" + "".join(f"  - item {n}\n" for n in range(60_000))
    use_bytes(good_with("body: |\n", highlights + "body: |\n").encode())
    assert 800_000 < Path(SPEC).stat().st_size < 1_000_000
    parse = yamlsource.parse_yaml
    monkeypatch.setattr(yamlsource, "parse_yaml", lambda text, name: pytest.fail("parsed it") if name == SPEC else parse(text, name))
    refused(built, f"{SPEC}:1:1: ", "bytes; the limit for a release spec is 128,000")


def test_a_registry_file_far_larger_than_any_organization_is_refused_before_it_is_parsed(built: Snapshot) -> None:
    with open(ITRI, "a", encoding="utf-8") as registry:
        registry.write("# " + "x" * 600_000 + "\n")
    refused(built, f"{ITRI}:1:1: ", "bytes; the limit for a registry file is 512,000")


@pytest.mark.parametrize(("tail", "where"), [("[tool.pressgen\n", "3:15"), ("x = 'open\n", "3:10"), ("a = 1\n\x1f = 2\n", "4:1")])
def test_invalid_toml_settings_are_located(built: Snapshot, tail: str, where: str) -> None:
    text = Path("pyproject.toml").read_text("utf-8")
    lines = text.split("\n")
    Path("pyproject.toml").write_text("\n".join(lines[:2]) + "\n" + tail + "\n".join(lines[2:]), "utf-8")
    refused(built, f"pyproject.toml:{where}: invalid TOML: ")


def test_shift_jis_spec_is_refused_at_the_first_bad_byte(built: Snapshot) -> None:
    use_bytes(good_with("sign a memorandum of understanding", "覚書を締結").encode("shift_jis"))
    # "headline: iPark Institute and ITRI " is 35 characters; the first Shift_JIS byte is the 36th.
    refused(built, f"{SPEC}:6:36: headline: ", "UTF-8")


def test_bom_at_start_is_accepted(project: Path) -> None:
    use_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    code, _, err = run_cli("build", SPEC)
    assert code == 0, err
    assert "iPark Institute and ITRI sign a memorandum of understanding" in html_blocks(OUT / "bad-input.html")


def test_bom_does_not_shift_columns_of_line_one(project: Path) -> None:
    spec = good_with("id: bad-input", "id: Bad").split("\n", 1)[1]  # without the comment line, id is on line 1
    assert spec.startswith("id: Bad\n")
    use_bytes(b"\xef\xbb\xbf" + spec.encode())
    refused({}, f"{SPEC}:1:5: id: ", "'Bad'", command="validate")


def test_yaml11_no_headline_stays_the_string_no(project: Path) -> None:
    use("yaml11_headline_no.yaml")
    code, _, err = run_cli("build", "--format", "html", SPEC)
    assert code == 0, err
    assert "NO" in html_blocks(OUT / "bad-input.html")


def test_yaml11_language_no_is_an_invalid_language_not_false(project: Path) -> None:
    use("yaml11_language_no.yaml")
    lines = refused({}, f"{SPEC}:3:11: language: ", "'ja'", "'en'", "'zh-Hant'", command="validate")
    assert not any("bool" in line or "False" in line for line in lines)


def test_yaml11_unquoted_time_stays_a_time(project: Path) -> None:
    use("yaml11_time.yaml")
    code, _, err = run_cli("build", "--format", "html", SPEC)
    assert code == 0, err
    embargo = [block for block in html_blocks(OUT / "bad-input.html") if block.startswith("EMBARGOED")]
    assert embargo and "10:30" in embargo[0], embargo


# ── the schema ───────────────────────────────────────────────────────────────


def test_unknown_key_did_you_mean(built: Snapshot) -> None:
    use("unknown_key.yaml")
    refused(built, f"{SPEC}:6:1: hedline: ", "unknown field 'hedline'", "did you mean 'headline'")


def test_unknown_nested_key_did_you_mean(built: Snapshot) -> None:
    use("unknown_key_nested.yaml")
    refused(built, f"{SPEC}:10:5: quotes[0].speker: ", "unknown field", "did you mean 'speaker'")


def test_wrong_type(built: Snapshot) -> None:
    use("wrong_type.yaml")
    refused(built, f"{SPEC}:5:10: issuers: ", "valid list")


def test_missing_required_field(built: Snapshot) -> None:
    use("missing_headline.yaml")
    refused(built, f"{SPEC}:2:1: headline: ", "required field is missing")


def test_impossible_date(built: Snapshot) -> None:
    use("impossible_date.yaml")
    refused(built, f"{SPEC}:4:7: date: ", "'2026-02-30'", "not a valid date")


def test_invalid_language(built: Snapshot) -> None:
    use("invalid_language.yaml")
    refused(built, f"{SPEC}:3:11: language: ", "'ja'", "'en'", "'zh-Hant'")


def test_embargo_without_time_zone(built: Snapshot) -> None:
    use("embargo_no_timezone.yaml")
    refused(built, f"{SPEC}:6:3: embargo.timezone: ", "required field is missing")


def test_embargo_with_unknown_time_zone(built: Snapshot) -> None:
    use("embargo_unknown_timezone.yaml")
    refused(built, f"{SPEC}:8:13: embargo.timezone: ", "'Asia/Osaka'", "not a time zone")


def test_id_not_a_slug(built: Snapshot) -> None:
    use("id_not_slug.yaml")
    refused(built, f"{SPEC}:2:5: id: ", "'Bad Input!'", "lower-case letters, digits and hyphens")


@pytest.mark.parametrize("name", ["con", "nul", "com1", "lpt9", "aux"])
def test_an_id_that_cannot_be_a_file_on_windows_is_refused(built: Snapshot, name: str) -> None:
    use_bytes(good_with("id: bad-input\n", f"id: {name}\n").encode())
    Path(SPEC).rename(f"releases/{name}-spec.yaml")
    code, out, err = run_cli("build", f"releases/{name}-spec.yaml")
    assert code == 1 and "Traceback" not in err
    assert f"releases/{name}-spec.yaml:2:5: id: '{name}' cannot name a file on Windows" in err
    assert outputs() == built


def test_new_refuses_an_id_that_cannot_be_a_file_on_windows(project: Path) -> None:
    code, out, err = run_cli("new", "prn", "--issuer", "itri")
    assert code == 1 and "'prn' cannot name a file on Windows" in err
    assert not Path("releases/prn.yaml").exists()


def test_issuer_listed_twice_points_at_the_repeat(built: Snapshot) -> None:
    use("issuer_twice.yaml")
    refused(built, f"{SPEC}:8:5: issuers[2]: ", "'itri'", "twice")


def test_several_problems_all_reported_in_one_run(built: Snapshot) -> None:
    use("several_problems.yaml")
    lines = refused(built, f"{SPEC}:3:11: language: ", "'ja'")
    others = (f"{SPEC}:2:1: headline: required", f"{SPEC}:4:7: date: '2026-02-30'", f"{SPEC}:6:1: hedline: unknown field")
    for prefix in others:
        assert any(line.startswith(prefix) for line in lines), (prefix, lines)
    assert "4 problem(s)" in lines[-1]


def test_schema_registry_and_markdown_problems_reported_together(built: Snapshot) -> None:
    use("mixed_problems.yaml")
    lines = refused(built, f"{SPEC}:7:1: subhedline: ", "did you mean 'subheadline'")
    # A schema error must not hide the unknown issuer and the bad link: all problems in one run.
    others = (f"{SPEC}:5:28: issuers[1]: unknown organization 'acme'", f"{SPEC}:9:50: body: link 'javascript:")
    for prefix in others:
        assert any(line.startswith(prefix) for line in lines), (prefix, lines)


# ── references into the registry ─────────────────────────────────────────────


def test_unknown_issuer_lists_known_ids(built: Snapshot) -> None:
    use("unknown_issuer.yaml")
    known = "known: ipark-institute, itri, shonan-ipark"
    refused(built, f"{SPEC}:8:5: issuers[2]: ", "unknown organization 'acme'", known)


def test_quote_by_unknown_person(built: Snapshot) -> None:
    use("unknown_speaker.yaml")
    refused(built, f"{SPEC}:10:14: quotes[0].speaker: ", "unknown person", "'wang'", "known: chang, lu")


def test_unknown_contact(built: Snapshot) -> None:
    use("unknown_contact.yaml")
    refused(built, f"{SPEC}:9:12: contacts[0]: ", "unknown contact", "'press'", "known: pr")


def test_translation_of_unknown_release(built: Snapshot) -> None:
    use("translation_unknown.yaml")
    refused(built, f"{SPEC}:4:17: translation_of: ", "unknown release '2026-04-21-itri-mou-zh'", "2026-04-21-itri-mou")


def test_translation_of_a_translation_is_refused(built: Snapshot) -> None:
    use_bytes(good_with("language: en\n", "language: ja\ntranslation_of: 2026-04-21-itri-mou-en\n").encode())
    refused(built, f"{SPEC}:4:17: translation_of: ", "'2026-04-21-itri-mou-en' is itself a translation (of '2026-04-21-itri-mou')",
            "name the original, '2026-04-21-itri-mou'")


@pytest.mark.parametrize("command", ["validate", "build", "send"])
def test_two_releases_that_translate_each_other_are_refused(project: Path, command: str) -> None:
    spec = Path("releases/2026-04-21-itri-mou.yaml")
    spec.write_text(spec.read_text("utf-8").replace("status: approved\n", "status: approved\ntranslation_of: 2026-04-21-itri-mou-en\n"), "utf-8")
    Path("media.csv").write_text("name,outlet,email,language,tags\nA,B,a@example.com,en,\n", "utf-8")
    extra = ["--list", "media.csv", "--dry-run"] if command == "send" else []
    code, out, err = run_cli(command, str(spec), *extra)
    assert code == 1 and "Traceback" not in err
    assert "releases/2026-04-21-itri-mou.yaml:7:17: translation_of: '2026-04-21-itri-mou-en' is itself a translation" in err


def test_registry_error_points_into_the_registry_file(built: Snapshot) -> None:
    shutil.copy(BAD / "orgs" / "itri-bad-email.yaml", ITRI)
    refused(built, f"{ITRI}:12:12: contacts.press.email: ", "'press@'", "not an email address")


def test_registry_id_must_match_file_name(built: Snapshot) -> None:
    shutil.copy(BAD / "orgs" / "itri-wrong-id.yaml", ITRI)
    refused(built, f"{ITRI}:2:5: id: ", "'itri-taiwan'", "file name 'itri'")


# ── characters ───────────────────────────────────────────────────────────────


def test_control_character_as_yaml_escape_in_quote(built: Snapshot) -> None:
    use("control_escape.yaml")
    # Column 27 is the backslash of \a, right after "We look forward".
    refused(built, f"{SPEC}:11:27: quotes[0].text: ", "U+0007", "not allowed")


def test_control_character_escape_after_other_escapes(built: Snapshot) -> None:
    use("control_escape_after_escape.yaml")
    # Each \" takes two columns in the file but one character in the text; \a starts at column 30.
    refused(built, f"{SPEC}:11:30: quotes[0].text: ", "U+0007", "not allowed")


def test_control_character_as_raw_byte_in_quote(built: Snapshot) -> None:
    use_bytes(good_with("We look forward", "We look forward\x07").encode())
    refused(built, f"{SPEC}:13:26: quotes[0].text: ", "U+0007", "not allowed")


def test_noncharacter_fffe_in_headline(built: Snapshot) -> None:
    use_bytes(good_with("headline: iPark Institute", "headline: iPark Institute\ufffe").encode())
    refused(built, f"{SPEC}:6:26: headline: ", "U+FFFE", "not allowed")


def test_character_without_glyph_in_body(built: Snapshot) -> None:
    use("glyph_hieroglyph.yaml")
    refused(built, f"{SPEC}:10:32: body: ", "U+13000", "no glyph", "Noto")


def test_emoji_without_glyph_in_quote(built: Snapshot) -> None:
    use("glyph_emoji.yaml")
    refused(built, f"{SPEC}:11:59: quotes[0].text: ", "U+1F600", "no glyph")


def test_glyph_in_folded_quote_points_at_its_line(built: Snapshot) -> None:
    use("glyph_folded.yaml")
    # Folding turns line breaks into spaces; the position must still be in the file's own lines.
    refused(built, f"{SPEC}:14:17: quotes[0].text: ", "U+1F600", "no glyph")


# ── markup and links ─────────────────────────────────────────────────────────


def test_script_in_headline_is_text_in_every_format(project: Path) -> None:
    use("script_headline.yaml")
    code, _, err = run_cli("build", SPEC)
    assert code == 0, err
    html = (OUT / "bad-input.html").read_text("utf-8")
    assert "&lt;script&gt;alert(" in html and "<script>alert" not in html
    assert "<script>alert(" in squash(pdf_text(OUT / "bad-input.pdf"))
    assert any("<script>alert(" in paragraph for paragraph in docx_paragraphs(OUT / "bad-input.docx"))


def test_raw_html_in_body(built: Snapshot) -> None:
    use("raw_html.yaml")
    refused(built, f"{SPEC}:10:30: body: ", "raw HTML", "<img", "not allowed")


def test_lone_carriage_returns_in_the_body_are_line_breaks_as_markdown_reads_them(built: Snapshot) -> None:
    """Found by fuzzing: Markdown counts a lone CR as a line end, the offsets did not, and an IndexError escaped."""
    body = "body: |\n  iPark Institute and ITRI signed a memorandum of understanding on April 1.\n\n  The two organizations will support start-ups in Japan and Taiwan.\n"
    use_bytes(good_with(body, 'body: "- one\\r- two <b>x</b>"\n').encode())
    refused(built, f"{SPEC}:7:", "body: raw HTML <b> is not allowed")
    use_bytes(good_with(body, 'body: "One.\\r\\rTwo: - x\\r- y"\n').encode())
    code, _, err = run_cli("build", SPEC, "--format", "html")
    assert code == 0, err


def test_markdown_image_of_etc_passwd_is_not_embedded(built: Snapshot) -> None:
    use("image_file_url.yaml")
    lines = refused(built, f"{SPEC}:10:23: body: ", "file:///etc/passwd", "not embedded")
    first_line = Path("/etc/passwd").read_text().splitlines()[0]
    assert not any(first_line in line for line in lines)


def test_javascript_link(built: Snapshot) -> None:
    use("javascript_link.yaml")
    refused(built, f"{SPEC}:8:50: body: ", "'javascript:alert(1)'", "http://, https:// or mailto:")


def test_link_to_hash(built: Snapshot) -> None:
    use("hash_link.yaml")
    refused(built, f"{SPEC}:9:24: body: ", "link '#'", "http://, https:// or mailto:")


# ── images ───────────────────────────────────────────────────────────────────


def test_text_file_named_png_is_refused_by_content(built: Snapshot) -> None:
    Path("releases/logo.png").write_text("This is not a picture.\n")
    use("image_not_png.yaml")
    refused(built, f"{SPEC}:10:10: images[0].src: ", "not a PNG or JPEG", "content")


def test_image_outside_releases_is_refused(built: Snapshot) -> None:
    use("image_outside.yaml")
    refused(built, f"{SPEC}:10:10: images[0].src: ", "inside the releases folder")


# ── the command line ─────────────────────────────────────────────────────────


def test_unknown_format_is_a_usage_error(built: Snapshot, project: Path) -> None:
    result = run_pressgen("build", "--format", "html,odt", SPEC, cwd=project)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert "--format" in result.stderr and "html, pdf, docx" in result.stderr
    assert outputs() == built


def test_missing_spec_file(project: Path) -> None:
    result = run_pressgen("build", "releases/no-such-release.yaml", cwd=project)
    assert result.returncode in (1, 2)
    assert "Traceback" not in result.stdout + result.stderr
    assert "releases/no-such-release.yaml" in result.stderr
    assert "releases/no-such-release.yaml:1:1: no such file" in result.stderr
    assert outputs() == {}


def test_new_refuses_an_existing_id(project: Path) -> None:
    existing = Path("releases/2026-04-21-itri-mou.yaml")
    before = (existing.read_bytes(), existing.stat().st_mtime_ns, sorted(Path("releases").iterdir()))
    code, out, err = run_cli("new", "2026-04-21-itri-mou", "--issuer", "itri")
    assert code == 1
    assert "Traceback" not in out + err
    assert "releases/2026-04-21-itri-mou.yaml:1:1: " in err and "already exists" in err
    assert (existing.read_bytes(), existing.stat().st_mtime_ns, sorted(Path("releases").iterdir())) == before


def test_an_editor_lock_file_among_the_specs_is_ignored(project: Path) -> None:
    # Emacs leaves a dangling link named .#<spec> beside the spec being edited.
    Path("releases/.#2026-04-21-itri-mou.yaml").symlink_to("root@host.1234:1700000000")
    Path("releases/orgs/.#itri.yaml").symlink_to("root@host.1234:1700000000")
    code, out, err = run_cli("validate", "releases/2026-04-21-itri-mou.yaml")
    assert code == 0, err


def test_a_huge_integer_is_a_located_problem(project: Path) -> None:
    spec = Path("releases/2026-04-21-itri-mou.yaml")
    spec.write_text(spec.read_text("utf-8").replace("date: 2026-04-21", "date: " + "9" * 5000), "utf-8")
    code, _, err = run_cli("validate", str(spec))
    assert code == 1 and "Traceback" not in err
    assert f"{spec}:5:7: date: cannot read this number" in err


def test_a_tag_on_a_key_is_refused(project: Path) -> None:
    spec = Path("releases/2026-04-21-itri-mou.yaml")
    spec.write_text(spec.read_text("utf-8") + "? !!python/object/apply:os.system ['true']\n: x\n", "utf-8")
    code, _, err = run_cli("validate", str(spec))
    assert code == 1
    assert "keys must be plain text" in err


def test_a_pipe_is_not_read_past_the_size_limit(project: Path) -> None:
    import os

    os.mkfifo("releases/pipe.yaml")
    code, _, err = run_cli("validate", "releases/pipe.yaml")
    assert code == 1
    assert "releases/pipe.yaml:1:1: not a regular file" in err


def test_settings_of_the_wrong_shape_are_located_in_pyproject(project: Path) -> None:
    settings = Path("pyproject.toml")
    text = settings.read_text("utf-8").replace('serif = ["Noto Serif CJK JP"]', 'serif = "Noto Serif CJK JP"', 1)
    text = text.replace('variant = "pdf/ua-1"', 'variant = "pdf/ua-9"')
    settings.write_text(text, "utf-8")
    lines = settings.read_text("utf-8").splitlines()
    serif_line = next(n for n, line in enumerate(lines, 1) if line.startswith('serif = "Noto Serif CJK JP"'))
    code, _, err = run_cli("validate", "releases/2026-04-21-itri-mou.yaml")
    assert code == 1 and "Traceback" not in err
    assert f"pyproject.toml:{serif_line}:9: tool.pressgen.fonts.ja.serif: Input should be a valid list" in err
    assert "tool.pressgen.pdf.variant: Input should be 'pdf/ua-1'" in err


def test_a_label_with_an_unknown_field_is_located_in_the_catalogue(project: Path) -> None:
    catalogue = Path("templates/i18n/ja.yaml")
    catalogue.write_text(catalogue.read_text("utf-8").replace('about: "{name}について"', 'about: "{nam}について"'), "utf-8")
    code, _, err = run_cli("build", "releases/2026-04-21-itri-mou.yaml", "--format", "html")
    assert code == 1 and "Traceback" not in err
    assert "templates/i18n/ja.yaml:8:8: about: cannot fill this label (KeyError: 'nam'); the fields it may use: {name}" in err


def test_a_missing_reference_document_is_a_located_problem(project: Path) -> None:
    Path("templates/reference.docx").unlink()
    code, _, err = run_cli("build", "releases/2026-04-21-itri-mou.yaml", "--format", "docx")
    assert code == 1 and "Traceback" not in err
    assert "templates/reference.docx:1:1: tool.pressgen.docx.reference: cannot open the reference document" in err


def test_a_malformed_style_map_is_located(project: Path) -> None:
    Path("templates/docx-styles.yaml").write_text("rules:\n  - [p]\nsans: Title\n", "utf-8")
    code, _, err = run_cli("build", "releases/2026-04-21-itri-mou.yaml", "--format", "docx")
    assert code == 1 and "Traceback" not in err
    assert "templates/docx-styles.yaml:2:5: rules[0]" in err
    assert "templates/docx-styles.yaml:3:7: sans: Input should be a valid list" in err


def test_characters_that_are_never_printed_need_no_glyph(project: Path) -> None:
    spec = Path("releases/2026-04-21-itri-mou.yaml")
    spec.write_text(
        spec.read_text("utf-8") + "suppress:\n  - {rule: characters.paren-width, field: headline, reason: OK 👍}\n", "utf-8"
    )
    code, _, err = run_cli("build", str(spec), "--format", "pdf")
    assert code == 0, err


def test_registry_markdown_follows_the_same_rules(project: Path) -> None:
    registry = Path("releases/orgs/itri.yaml")
    text = registry.read_text("utf-8").replace("（<https://www.itri.org/eng>）", "（[公式サイト](www.itri.org.tw)、<b>太字</b>）")
    registry.write_text(text, "utf-8")
    code, _, err = run_cli("validate", "releases/2026-04-21-itri-mou.yaml")
    assert code == 1
    assert "releases/orgs/itri.yaml:" in err and "boilerplate.ja.text: link 'www.itri.org.tw' must start with http" in err
    assert "raw HTML <b> is not allowed" in err


@pytest.mark.parametrize(
    ("section", "prefix", "words"),
    [
        ("  - {heading: Notes}\n", f"{SPEC}:16:5: sections[0].text: ", ("required",)),
        ("  - {heading: Notes, text: Words., title: x}\n", f"{SPEC}:16:36: sections[0].title: ", ("unknown field",)),
        ("  - heading: Notes\n    text: See <b>this</b>.\n", f"{SPEC}:17:15: sections[0].text: ", ("raw HTML <b> is not allowed",)),
        ("  - heading: Notes\n    text: |\n      Words.\n\n      {{ quotes[0] }}\n", f"{SPEC}:20:7: sections[0].text: ",
         ("{{ quotes[0] }} places nothing here: only the body places quotes and pictures",)),
    ],
)
def test_a_bad_section_is_located(built: Snapshot, section: str, prefix: str, words: tuple[str, ...]) -> None:
    Path(SPEC).write_text(GOOD + "sections:\n" + section, "utf-8")
    refused(built, prefix, *words)
