"""pressgen review import: a reviewer's tracked changes and comments, written as Word writes them, land in the spec field
by field; registry text is reported, comments become findings, nothing is written on any error."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from pressgen.build import build
from pressgen.review.wordimport import import_review
from pressgen.spec import load_release

from conftest import SEED_EN, SEED_JA, run_cli
from wordedits import Reviewer

SPEC = Path("releases/2026-04-21-itri-mou.yaml")


@pytest.fixture
def built(project: Path) -> Path:
    return build([project / SPEC], ["docx"], project / "out")[0]


def _reviewed(built: Path, folder: Path) -> Path:
    reviewer = Reviewer(built)
    reviewer.replace(8, "調印式を行いました", "調印式を執り行いました")  # body, first paragraph
    reviewer.insert(5, "日台連携強化", "の一層の推進")  # headline
    reviewer.delete(11, "・イベント")  # body, second list item
    reviewer.replace(15, "整った製造基盤", "整った生産基盤")  # quotes[0].text, inside the template's 「」
    reviewer.replace(19, "世界有数の", "世界屈指の")  # ITRI's boilerplate: the registry's
    reviewer.comment(9, "強固なネットワーク", "具体例を一つ挙げてください。")
    return reviewer.save(folder / "reviewed.docx")


def test_tracked_changes_land_in_their_fields_and_registry_text_is_reported(built: Path, project: Path) -> None:
    before = (project / SPEC).read_text("utf-8")
    orgs_before = (project / "releases/orgs/itri.yaml").read_text("utf-8")
    code, out, err = run_cli("review", "import", str(_reviewed(built, project)))
    assert code == 0, err
    release = load_release(project / SPEC).release
    assert release.headline.endswith("日台連携強化の一層の推進に関する覚書を締結")
    assert "同月21日調印式を執り行いました。" in release.body
    assert "\n- 展示会・企業間連携事業の共同実施\n" in release.body
    assert release.quotes[0].text.startswith("台湾のバイオテクノロジー産業は整った生産基盤、")
    after = (project / SPEC).read_text("utf-8")
    # Only the changed lines differ: comments, order, quoting and folding stay.
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 4 and len(before.splitlines()) == len(after.splitlines())
    assert after.startswith("# yaml-language-server: $schema=release.schema.json\n# Joint release")
    assert (project / "releases/orgs/itri.yaml").read_text("utf-8") == orgs_before  # never written
    assert "releases/orgs/itri.yaml:38:" in out and "boilerplate.ja.text: 田中 一郎 replaced 「世界有数の」 with 「世界屈指の」" in out
    assert "not written into the release" in out
    assert "body: 2 changed (田中 一郎)" in out and "headline: 1 changed" in out and "quotes[0].text: 1 changed" in out
    # The comment is a finding at the text it marks, until resolved.
    code, out, _ = run_cli("check", str(SPEC))
    finding = next(line for line in out.splitlines() if "review.comment" in line)
    line = 1 + before.splitlines().index(next(l for l in before.splitlines() if "強固なネットワーク" in l))
    assert finding.startswith(f"{SPEC}:{line}:")
    assert "warning review.comment: 田中 一郎: 具体例を一つ挙げてください。 (on 「強固なネットワーク」)" in finding
    column = int(finding.split(":")[2])
    assert after.splitlines()[line - 1][column - 1:].startswith("強固なネットワーク")
    _, listed, _ = run_cli("review", "comments", str(SPEC))
    number = int(listed.split()[0].lstrip("#"))
    assert run_cli("review", "resolve", str(SPEC), str(number))[0] == 0
    assert "review.comment" not in run_cli("check", str(SPEC))[1]
    code, _, err = run_cli("review", "resolve", str(SPEC), str(number))
    assert code == 1 and f"no open comment #{number}" in err


def test_dry_run_prints_the_patch_and_writes_nothing(built: Path, project: Path) -> None:
    reviewed = _reviewed(built, project)
    before = (project / SPEC).read_bytes()
    code, out, _ = run_cli("review", "import", str(reviewed), str(SPEC), "--dry-run")
    assert code == 0
    assert out.startswith(f"--- {SPEC}\n+++ {SPEC}\n@@ ")
    assert "-  - 展示会・イベント・企業間連携事業の共同実施\n+  - 展示会・企業間連携事業の共同実施\n" in out
    assert (project / SPEC).read_bytes() == before
    assert not (project / "approvals.sqlite").exists()  # nor the comments


def test_crlf_line_endings_and_quoting_are_kept(built: Path, project: Path) -> None:
    spec = project / SPEC
    text = spec.read_text("utf-8").replace("headline: アイパーク", "headline: 'アイパーク").replace("覚書を締結\n", "覚書を締結'\n", 1)
    spec.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    reviewed = _reviewed(build([spec], ["docx"], project / "out2")[0], project)
    assert run_cli("review", "import", str(reviewed))[0] == 0
    after = spec.read_bytes().decode("utf-8")
    assert after.count("\r\n") == after.count("\n")
    assert "headline: 'アイパークインスティテュート、" in after and "の一層の推進に関する覚書を締結'\r\n" in after


def test_approvals_recorded_before_the_import_no_longer_match(built: Path, project: Path) -> None:
    from pressgen.review import approve

    approve(project / SPEC, "itri:lu")
    code, out, _ = run_cli("review", "import", str(_reviewed(built, project)))
    assert code == 0
    assert "approval: itri/lu approved version" in out and "no longer matches (the content changed)" in out


def test_three_way_merge_with_a_spec_edited_since(built: Path, project: Path) -> None:
    _commit(project, "v1")
    built = build([project / SPEC], ["docx"], project / "out")[0]  # made from the committed version
    reviewed = _reviewed(built, project)
    spec = project / SPEC
    # Since then the team changed another field, and another stretch of the body.
    spec.write_text(spec.read_text("utf-8").replace("主な内容は以下の通りです。", "主な内容は次の通りです。")
                    .replace("status: approved", "status: draft"), "utf-8")
    code, out, err = run_cli("review", "import", str(reviewed))
    assert code == 0, err
    body = load_release(spec).release.body
    assert "主な内容は次の通りです。" in body and "調印式を執り行いました。" in body
    assert re.search(r"\(found in [0-9a-f]{7,40}\), merged three-way into the spec as it is now", out), out
    # An edit of the same stretch on both sides is refused, naming the field; nothing is written.
    spec.write_text(spec.read_text("utf-8").replace("整った生産基盤", "整った製造拠点"), "utf-8")
    _commit(project, "v2")
    reviewer = Reviewer(build([spec], ["docx"], project / "out3")[0])
    reviewer.replace(15, "整った製造拠点", "整った生産拠点")
    again = reviewer.save(project / "again.docx")
    spec.write_text(spec.read_text("utf-8").replace("整った製造拠点", "整備された製造拠点"), "utf-8")
    before = spec.read_bytes()
    code, _, err = run_cli("review", "import", str(again))
    assert code == 1 and "quotes[0].text: changed in the spec since version" in err and "merge by hand" in err
    assert spec.read_bytes() == before


def test_a_docx_of_another_release_or_version_not_in_history_is_refused(built: Path, project: Path) -> None:
    reviewed = _reviewed(built, project)
    other = project / "releases/2026-04-21-itri-mou-en.yaml"
    before = other.read_bytes()
    code, _, err = run_cli("review", "import", str(reviewed), str(other))
    assert code == 1 and "is a DOCX of release '2026-04-21-itri-mou', not of this one ('2026-04-21-itri-mou-en')" in err
    assert f"; its spec is {SPEC}, which the import finds without RELEASE; nothing was imported" in err  # its translation
    assert other.read_bytes() == before
    spec = project / SPEC
    spec.write_text(spec.read_text("utf-8").replace("調印式を行いました", "調印式を挙行しました"), "utf-8")
    code, _, err = run_cli("review", "import", str(reviewed))
    assert code == 1 and "neither the spec now" in err and "nor in its git history" in err


def test_changes_to_template_text_are_reported_not_guessed(built: Path, project: Path) -> None:
    reviewer = Reviewer(built)
    reviewer.replace(27, "本件に関するお問い合わせ先", "お問い合わせ先")  # the contacts heading: a label of the house style
    reviewer.replace(14, "は次のようにコメントしています。", "は次のように述べています。")  # quotes[0].lead_in: the spec's
    reviewer.insert(15, "「", "（談話）")  # right after the template's opening bracket: goes to the quote's start
    reviewed = reviewer.save(project / "reviewed.docx")
    result = import_review(reviewed, project / SPEC)
    assert any("contacts (paragraph 28 of the DOCX)" in line and "not imported: it touches text the template adds" in line
               for line in result.not_imported), result.not_imported
    quote = load_release(project / SPEC).release.quotes[0]
    assert quote.lead_in == "アイパークインスティテュート代表取締役社長 藤本利夫は次のように述べています。"
    assert quote.text.startswith("（談話）台湾のバイオテクノロジー産業")


def _rezip(source: Path, target: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None,
           drop: list[str] | None = None) -> Path:
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            if info.filename not in (drop or []):
                new.writestr(info.filename, replace.get(info.filename, old.read(info.filename)))
        for name, data in (add or {}).items():
            new.writestr(name, data)
    return target


BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>')


def _strip_marks(built: Path) -> bytes:
    import re
    import zipfile

    with zipfile.ZipFile(built) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    return re.sub(r'<w:bookmarkStart [^>]*w:name="_pg[^"]*"/>', "", xml).encode("utf-8")


@pytest.mark.parametrize("case", ["corrupt", "encrypted", "macro", "huge", "entities", "zip bomb", "marks deleted", "not pressgen",
                                  "strict"])
def test_bad_reviewed_files_are_refused_with_a_located_message(built: Path, project: Path, case: str) -> None:
    import time
    import zipfile

    import docx

    target = project / f"{case.replace(' ', '-')}.docx"
    if case == "corrupt":
        target.write_bytes(built.read_bytes()[: 4000] + b"\0" * 100)
        expected = f"{target.name}:1:1: not a DOCX (a DOCX is a zip package)"
    elif case == "encrypted":
        target.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504)  # the header of Word's encrypted package
        expected = f"{target.name}:1:1: a password-protected document or an old .doc, not a DOCX"
    elif case == "macro":
        _rezip(built, target, {}, {"word/vbaProject.bin": b"\xd0\xcf\x11\xe0 macro project"})
        expected = f"{target.name}:1:1: word/vbaProject.bin: the document carries a macro project"
    elif case == "huge":
        with target.open("wb") as stream:
            stream.truncate(100_000_000)
        expected = f"{target.name}:1:1: the file is 100 MB; a reviewed release is at most 50 MB"
    elif case == "entities":
        _rezip(built, target, {"word/document.xml": BOMB})
        expected = f"{target.name}:1:1: word/document.xml: the part declares a DTD or entities"
    elif case == "zip bomb":
        _rezip(built, target, {}, {"word/media/filler.xml": b"<a>" + b" " * 40_000_000 + b"</a>"})
        expected = f"{target.name}:1:1: word/media/filler.xml: a part unpacks to 40,000,007 bytes"
    elif case == "marks deleted":
        _rezip(built, target, {"word/document.xml": _strip_marks(built)})
        expected = f"{target.name}:1:1: word/document.xml: its source marks were deleted"
    elif case == "strict":  # Word's "Strict Open XML Document": the same marks in other namespaces
        with zipfile.ZipFile(built) as package:
            xml = package.read("word/document.xml")
        strict = xml.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                             b"http://purl.oclc.org/ooxml/wordprocessingml/main")
        _rezip(built, target, {"word/document.xml": strict})
        expected = (f"{target.name}:1:1: word/document.xml: saved as a Strict Open XML Document; save it again as a "
                    "Word Document (.docx)")
    else:
        docx.Document().save(str(target))
        expected = f"{target.name}:1:1: not a DOCX that pressgen built"
    before = (project / SPEC).read_bytes()
    started = time.perf_counter()
    code, out, err = run_cli("review", "import", target.name, str(SPEC))
    assert time.perf_counter() - started < 2
    assert code == 1 and out == ""
    assert err.startswith(expected), err
    assert "Traceback" not in err and err.rstrip().endswith("nothing was written")
    assert (project / SPEC).read_bytes() == before and not (project / "approvals.sqlite").exists()
    assert zipfile.is_zipfile(built)  # the input the test started from is untouched


def test_moves_formatting_untracked_edits_and_resolved_comments(built: Path, project: Path) -> None:
    reviewer = Reviewer(built)
    reviewer.move(12, "・市場検証", 10, "スタートアップ連携")  # from one list item of the body to another
    reviewer.embolden(9, "強固なネットワーク")
    reviewer.untracked(7, "さらに強化", "一層強化")  # highlights[1], Track Changes off
    reviewer.comment(8, "調印式", "日付を確認しました。")
    reviewer.resolve_comments()
    reviewed = reviewer.save(project / "reviewed.docx")
    result = import_review(reviewed, project / SPEC)
    release = load_release(project / SPEC).release
    assert "\n- スタートアップ連携・市場検証・成長支援の強化\n" in release.body
    assert "\n- 臨床研究・規制対応における連携\n" in release.body
    assert release.highlights[1].endswith("日台スタートアップの連携を一層強化")
    assert [e.by.author for e in result.changed["highlights[1]"]] == [""]  # made without Track Changes
    assert any("changed the formatting of 「強固なネットワーク」: not imported" in line for line in result.not_imported)
    assert "**" not in release.body
    assert result.comments == []  # resolved in Word: not a finding
    assert "review.comment" not in run_cli("check", str(SPEC))[1]


def test_a_comment_on_registry_text_is_a_finding_in_the_registry_file(built: Path, project: Path) -> None:
    reviewer = Reviewer(built)
    reviewer.comment(19, "世界有数の研究開発機関", "出典はありますか。")  # ITRI's About section
    reviewer.replace(4, "工業技術研究院", "工業技術研究院（台湾）")  # the masthead: the registry's name
    result = import_review(reviewer.save(project / "reviewed.docx"), project / SPEC)
    assert any(line.startswith("releases/orgs/itri.yaml:") and "names.ja.masthead: " in line for line in result.registry)
    moved = Reviewer(built)
    moved.move(19, "世界有数の", 19, "ITRI）は、")  # Word's cut and paste
    result = import_review(moved.save(project / "moved.docx"), project / SPEC, dry_run=True)
    assert [line.split(": ", 2)[2] for line in result.registry] == [
        "田中 一郎 moved 「世界有数の」 here: registry text, not written into the release; the owner of itri's entry decides",
        "田中 一郎 moved 「世界有数の」 away: registry text, not written into the release; the owner of itri's entry decides"]
    assert not result.changed
    _, out, _ = run_cli("check", str(SPEC))
    finding = next(line for line in out.splitlines() if "review.comment" in line)
    assert finding.startswith("releases/orgs/itri.yaml:38:") and "田中 一郎: 出典はありますか。" in finding


def test_mixed_paragraphs_of_an_english_release(project: Path) -> None:
    spec = project / "releases/2026-04-21-itri-mou-en.yaml"
    reviewer = Reviewer(build([spec], ["docx"], project / "out")[0], "Jane Doe")
    reviewer.replace(15, "well-established manufacturing base", "mature manufacturing base")  # across a folded line
    reviewer.replace(16, "General Director", "Director-General")  # a lead-in the template builds from the registry
    reviewer.replace(16, "said", "commented")  # the template's own verb
    reviewer.replace(14, "said:", "says:")  # a lead-in the spec writes
    before = spec.read_text("utf-8")
    result = import_review(reviewer.save(project / "reviewed.docx"), spec)
    quotes = load_release(spec).release.quotes
    assert "built solid research and development on a mature manufacturing base and" in quotes[0].text
    assert quotes[0].lead_in == "Toshio Fujimoto, President and CEO of iPark Institute, says:"
    assert any(line.startswith("releases/orgs/itri.yaml:") and "people.lu.title.en: Jane Doe replaced 「General Director」"
               in line for line in result.registry), result.registry
    assert any("quotes[1] (paragraph 17 of the DOCX): Jane Doe replaced 「said」 with 「commented」: not imported: it "
               "touches text the template adds" in line for line in result.not_imported), result.not_imported
    after = spec.read_text("utf-8")
    assert "      Taiwan's biotechnology industry has built solid research and development on a mature\n" in after
    assert len(after.splitlines()) == len(before.splitlines())  # the folded lines stay as they were


def _commit(project: Path, message: str) -> None:
    if not (project / ".git").exists():
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run(["git", "add", "-A"], cwd=project, check=True)
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.jp", "commit", "-qm", message], cwd=project, check=True)


def test_registry_reports_point_into_the_registry_as_it_is_now(project: Path) -> None:
    _commit(project, "v1")
    reviewer = Reviewer(build([project / SPEC], ["docx"], project / "out")[0])
    reviewer.replace(19, "世界有数の", "世界屈指の")
    reviewer.delete(13, "製品開発・製造（CDMO）領域での協業検討")  # a whole list item
    reviewed = reviewer.save(project / "reviewed.docx")
    orgs = project / "releases/orgs/itri.yaml"  # since then ITRI's boilerplate was checked again, a line noting it
    orgs.write_text(orgs.read_text("utf-8").replace("    as_of: 2026-04\n", "    # Checked with ITRI.\n    as_of: 2026-05\n", 1),
                    "utf-8")
    result = import_review(reviewed, project / SPEC)
    assert result.base  # the version read was found apart from the spec: the registry changed since
    line = next(n for n, text in enumerate(orgs.read_text("utf-8").splitlines(), 1) if "世界有数の" in text)
    assert [r.split(": ")[0] for r in result.registry] == [f"releases/orgs/itri.yaml:{line}:89"]
    assert any("body (paragraph 14 of the DOCX)" in n and "the whole paragraph is deleted" in n for n in result.not_imported)
    assert not result.changed


def test_the_preview_shows_an_imported_comment_at_its_line(built: Path, project: Path) -> None:
    from test_serve import SEED, Preview

    assert run_cli("review", "import", str(_reviewed(built, project)))[0] == 0
    server = Preview(project)
    try:
        status, body = server.get(f"/release/{SEED}/")
    finally:
        server.kill()
    page = body.decode("utf-8")
    assert status == 200 and "review.comment" in page and "具体例を一つ挙げてください。" in page
    assert f"/source/releases/{SEED}.yaml#L" in page


def test_new_paragraphs_land_in_markdown_text_and_are_reported_elsewhere(built: Path, project: Path) -> None:
    reviewer = Reviewer(built)
    reviewer.split(9, "強みとしています。")  # Enter inside a body paragraph
    reviewer.add_paragraph(8, "調印式には両組織の代表が出席しました。")  # a paragraph of its own after the first
    reviewer.split(5, "ITRI)」と")  # Enter in the headline: a line of plain text takes no paragraph
    reviewer.add_paragraph(11, "人材交流")  # after a list item: a list item is added in the spec, not guessed
    before = (project / SPEC).read_text("utf-8")
    result = import_review(reviewer.save(project / "reviewed.docx"), project / SPEC)
    body = load_release(project / SPEC).release.body
    assert "同月21日調印式を行いました。\n\n調印式には両組織の代表が出席しました。\n\n台湾最大級" in body
    assert "強みとしています。\n\n覚書では、両組織" in body
    assert load_release(project / SPEC).release.headline == load_release(SEED_JA).release.headline
    reasons = "\n".join(result.not_imported)
    assert "headline (paragraph 6 of the DOCX)" in reasons and "a new paragraph goes only into Markdown text" in reasons
    assert "body (paragraph 12 of the DOCX)" in reasons and "人材交流" in reasons
    after = (project / SPEC).read_text("utf-8")
    assert "強みとしています。\n\n  覚書では" in after  # the literal block's indentation, no blanks on the empty line
    assert len(after.splitlines()) == len(before.splitlines()) + 4


def test_a_cell_of_a_table_in_the_body(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from conftest import CORPUS, ROOT, project_part

    for name in ("templates", "releases"):
        shutil.copytree(project_part(name), tmp_path / name)
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    corpus = shutil.copytree(CORPUS, tmp_path / "tests" / "corpus")  # a project of its own, with pressgen's templates
    monkeypatch.chdir(corpus)
    spec = corpus / "releases/2026-08-07-kaname-q1-results.yaml"
    reviewer = Reviewer(build([spec], ["docx"], corpus / "out")[0])
    table = 11  # the block of the table under 連結業績の概要: its first cell carries the mark
    reviewer.replace(table, "41.2%", "40.9%")
    reviewer.comment(table, "36億100万円", "前年同期の数字を再確認してください。")
    result = import_review(reviewer.save(corpus / "reviewed.docx"), spec)
    assert "  | 営業利益 | 2億2,000万円 | 3億1,000万円 | 40.9% |\n" in spec.read_text("utf-8")
    assert list(result.changed) == ["body"] and not result.not_imported
    assert result.comments[0].quote == "36億100万円" and result.comments[0].field == "body"


@pytest.mark.parametrize("kept", ["manifest", "properties"])
def test_either_identity_layer_is_enough(built: Path, project: Path, kept: str) -> None:
    """A suite that drops the custom XML part, or the custom properties, still leaves a DOCX that imports."""
    import zipfile

    reviewed = _reviewed(built, project)
    with zipfile.ZipFile(reviewed) as package:
        dropped = [n for n in package.namelist() if (n.startswith("customXml/") if kept == "properties" else n == "docProps/custom.xml")]
    assert dropped
    target = _rezip(reviewed, project / f"only-{kept}.docx", {}, drop=dropped)
    result = import_review(target, dry_run=True)
    assert set(result.changed) == {"headline", "body", "quotes[0].text"}


def test_a_second_reviewers_copy_of_the_same_version_merges_without_git(built: Path, project: Path) -> None:
    """Joint releases: each issuer's reviewer returns a copy of the same version; the first import keeps that version in
    the approval record, so the second merges three-way although nothing was committed."""
    ours = Reviewer(built, "田中 一郎")
    ours.replace(8, "調印式を行いました", "調印式を執り行いました")
    theirs = Reviewer(built, "Lin Mei-Hua")
    theirs.replace(15, "整った製造基盤", "整った生産基盤")
    theirs.replace(8, "本年4月1日", "本年4月2日")  # another stretch of the same field
    first, second = ours.save(project / "ours.docx"), theirs.save(project / "theirs.docx")
    assert run_cli("review", "import", str(first))[0] == 0
    code, out, err = run_cli("review", "import", str(second))
    assert code == 0, err
    assert "(found in the approval record), merged three-way" in out
    release = load_release(project / SPEC).release
    assert "は本年4月2日、台湾" in release.body and "調印式を執り行いました" in release.body
    assert release.quotes[0].text.startswith("台湾のバイオテクノロジー産業は整った生産基盤")
    # The same stretch changed by both is refused, naming the field; nothing is written.
    third = Reviewer(built, "Lin Mei-Hua")
    third.replace(8, "調印式を行いました", "調印式を挙行しました")
    before = (project / SPEC).read_bytes()
    code, _, err = run_cli("review", "import", str(third.save(project / "third.docx")))
    assert code == 1 and f"{SPEC}:" in err and "body: changed in the spec since version" in err
    assert (project / SPEC).read_bytes() == before


def test_a_spec_that_would_not_load_is_not_written(built: Path, project: Path) -> None:
    reviewer = Reviewer(built)
    reviewer.replace(9, "強固なネットワーク", "強固な<script>ネットワーク")  # escaped: text, not HTML
    reviewer.add_paragraph(8, "{{ 写真 }}")  # a placement line that places nothing: the loader refuses it
    before = (project / SPEC).read_bytes()
    code, _, err = run_cli("review", "import", str(reviewer.save(project / "reviewed.docx")))
    assert code == 1 and err.startswith(f"{SPEC}:") and "places nothing" in err and "pressgen-new-" not in err, err
    assert (project / SPEC).read_bytes() == before and not (project / "approvals.sqlite").exists()


def test_a_comment_resolved_in_a_later_copy_is_resolved(built: Path, project: Path) -> None:
    first = Reviewer(built)
    first.comment(9, "強固なネットワーク", "具体例を一つ挙げてください。")
    reviewed = first.save(project / "first.docx")
    assert run_cli("review", "import", str(reviewed))[0] == 0
    assert "review.comment" in run_cli("check", str(SPEC))[1]
    again = Reviewer(reviewed)  # the reviewer reads the answer and resolves the comment in Word
    again.resolve_comments()
    code, out, _ = run_cli("review", "import", str(again.save(project / "again.docx")))
    assert code == 0 and "1 comment(s) resolved in Word" in out
    assert "review.comment" not in run_cli("check", str(SPEC))[1]
    assert run_cli("review", "comments", str(SPEC))[1] == ""


def test_the_date_line_is_the_templates_and_not_imported(built: Path, project: Path) -> None:
    """The date line is the template's rendering of `date:` (2026年04月21日 of 2026-04-21): a change there is reported,
    never carried character by character into the date it was formatted from."""
    reviewer = Reviewer(built)
    reviewer.replace(1, "21", "22")  # the day only: its digits are those of date: 2026-04-21
    before = (project / SPEC).read_bytes()
    result = import_review(reviewer.save(project / "reviewed.docx"), project / SPEC)
    assert not result.changed and (project / SPEC).read_bytes() == before
    assert result.not_imported == ["date (paragraph 2 of the DOCX): 田中 一郎 replaced 「21」 with 「22」: not imported: "
                                   "the template writes this line from the spec's date: change date: in the spec"]
    reviewer.comment(1, "2026年", "日付は22日では？")  # a comment there points at date:
    import_review(reviewer.save(project / "commented.docx"), project / SPEC)
    finding = next(line for line in run_cli("check", str(SPEC))[1].splitlines() if "review.comment" in line)
    line = 1 + before.decode("utf-8").splitlines().index("date: 2026-04-21")
    assert finding.startswith(f"{SPEC}:{line}:") and "日付は22日では？" in finding


def test_a_contact_email_inside_its_link_is_reported_against_the_registry(built: Path, project: Path) -> None:
    registry = (project / "releases/orgs/ipark-institute.yaml").read_text("utf-8")
    reviewer = Reviewer(built)
    reviewer.replace(29, "PR", "press")  # iPi.PR@shonan-ipark.com, the text of a mailto: link
    reviewer.replace(29, "ipark", "i-park")  # also the release's reference ipark-institute/pr: not printed, not a source
    result = import_review(reviewer.save(project / "reviewed.docx"), project / SPEC)
    line = 1 + registry.splitlines().index("    email: iPi.PR@shonan-ipark.com")
    assert result.registry == [f"releases/orgs/ipark-institute.yaml:{line}:16: contacts.pr.email: 田中 一郎 replaced 「PR」 "
                               "with 「press」: registry text, not written into the release; the owner of "
                               "ipark-institute's entry decides", f"releases/orgs/ipark-institute.yaml:{line}:26: contacts.pr.email: "
                               "田中 一郎 replaced 「ipark」 with 「i-park」: registry text, not written into the release; "
                               "the owner of ipark-institute's entry decides"]
    assert not result.not_imported and not result.changed
    assert (project / "releases/orgs/ipark-institute.yaml").read_text("utf-8") == registry


def test_the_dateline_opening_the_body_is_the_specs_dateline(seed_build: dict[str, dict[str, Path]], project: Path) -> None:
    """The English body opens with the dateline, the date and a dash: the city is the spec's `dateline`, the date the
    template's."""
    spec = project / "releases/2026-04-21-itri-mou-en.yaml"
    reviewer = Reviewer(seed_build["en"]["docx"])
    reviewer.replace(8, "FUJISAWA", "Fujisawa")
    reviewer.replace(8, "April 21, 2026", "April 22, 2026")
    result = import_review(reviewer.save(project / "reviewed.docx"), spec)
    assert load_release(spec).release.dateline == "Fujisawa, Japan"
    assert list(result.changed) == ["dateline"]
    assert len(result.not_imported) == 1 and "replaced 「April 21, 2026」" in result.not_imported[0]


def test_the_summary_shows_each_change_on_its_two_lines(built: Path, project: Path) -> None:
    """A change in a list item shows the line break around it as a mark, so the summary stays one line per side."""
    reviewer = Reviewer(built)
    reviewer.replace(10, "強化", "拡充")  # the first item: the next one follows after a line break
    code, out, err = run_cli("review", "import", str(reviewer.save(project / "reviewed.docx")))
    assert code == 0, err
    lines = out.splitlines()
    at = lines.index("body: 1 changed (田中 一郎)")
    assert lines[at + 1] == "  - …連携・成長支援の強化 ⏎ - 展示会・イ…"
    assert lines[at + 2] == "  + …連携・成長支援の拡充 ⏎ - 展示会・イ…"
    assert lines[at + 3].startswith("wrote ")


def test_a_copy_imported_twice_changes_nothing_when_its_edits_touch(seed_build: dict[str, dict[str, Path]],
                                                                     project: Path) -> None:
    """Edits side by side in a folded quote (an insertion right before a deletion, one across a fold): the second
    import of the same copy finds the spec already reads as the reviewer's text; no conflict, nothing written."""
    spec = project / "releases/2026-04-21-itri-mou-en.yaml"
    reviewer = Reviewer(seed_build["en"]["docx"])
    reviewer.replace(15, "will be important", "is important")
    reviewer.delete(15, "manufacturing ")
    reviewer.insert(15, "well-established", ", modern")
    reviewed = reviewer.save(project / "reviewed.docx")
    assert run_cli("review", "import", str(reviewed))[0] == 0
    quote = load_release(spec).release.quotes[0].text
    assert "on a well-established, modern base and an extensive" in quote and "with ITRI is important in" in quote
    written = spec.read_bytes()
    lines = written.decode("utf-8").splitlines()
    assert len(lines) == len(SEED_EN.read_text("utf-8").splitlines())  # the quote's folding stays
    assert any(l.startswith("      important in connecting Taiwanese") for l in lines)  # the fold "will be" stood on moves on
    code, out, err = run_cli("review", "import", str(reviewed))
    assert code == 0, err
    assert out.splitlines()[-1] == "the spec is unchanged" and spec.read_bytes() == written


def test_an_insertion_deleted_by_a_second_reviewer_was_never_there(built: Path, project: Path) -> None:
    """One reviewer inserts, the next deletes that insertion (a w:del inside the w:ins): nothing of it lands, and the
    paragraph's other tracked changes keep their authors."""
    first = Reviewer(built, "田中 一郎")
    first.insert(8, "調印式", "（台北にて）")
    first.replace(8, "本年4月1日", "本年4月2日")
    reviewed = first.save(project / "first.docx")
    second = Reviewer(reviewed, "Lin Mei-Hua")
    second.withdraw(8, "（台北にて）")
    result = import_review(second.save(project / "second.docx"), project / SPEC)
    body = load_release(project / SPEC).release.body
    assert "同月21日調印式を行いました。" in body and "本年4月2日" in body
    assert [(e.old, e.text, e.by.author) for e in result.changed["body"]] == [("本年4月1日", "本年4月2日", "田中 一郎")]


def test_a_change_in_the_page_header_is_reported_not_dropped(built: Path, project: Path) -> None:
    """The running header is the template's (the date, the issuers' names): a tracked change there is listed as not
    imported, never silently left behind."""
    reviewer = Reviewer(built)
    reviewer.replace_in_header("工業技術研究院", "台湾工業技術研究院")
    before = (project / SPEC).read_bytes()
    result = import_review(reviewer.save(project / "reviewed.docx"), project / SPEC)
    assert (project / SPEC).read_bytes() == before and not result.changed
    assert result.not_imported == ["the page header (word/header1.xml): 田中 一郎 replaced 「工業技術研究院」 with "
                                   "「台湾工業技術研究院」: not imported: the template writes the page headers and footers "
                                   "(from the date, the issuers' names, the version); change those in the spec or registry"]


def test_a_pasted_picture_is_reported_not_dropped(built: Path, project: Path) -> None:
    reviewer = Reviewer(built)
    reviewer.insert_picture(9, "強固なネットワーク")
    reviewer.replace(9, "強みとしています", "得意としています")
    result = import_review(reviewer.save(project / "reviewed.docx"), project / SPEC)
    assert "得意としています" in load_release(project / SPEC).release.body
    assert result.not_imported == ["body (paragraph 10 of the DOCX): 田中 一郎 inserted a picture, a chart or a text box: "
                                   "not imported: pictures are placed in the spec (its pictures and {{ }} lines), and "
                                   "text is written into its fields"]
