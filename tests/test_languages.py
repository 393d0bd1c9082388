"""Traditional Chinese is a language of its own: labels, dates, fonts and phrase breaks of zh-Hant."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import docx_paragraphs, pdf_text, squash

SPEC = """\
id: 2026-04-22-itri-zh
language: zh-Hant
date: 2026-04-22
status: review
issuers: [itri]
headline: 工研院與 iPark Institute 簽署醫療與新藥開發合作備忘錄
highlights:
  - 深化臺日新創合作
body: |
  工業技術研究院今日宣布與日本 iPark Institute 簽署合作備忘錄，共同推動臺日新創交流。
quotes:
  - speaker: itri/lu
    text: 我們期待與日本企業攜手，加速國際布局。
about:
  - org: itri
    text: 工業技術研究院是全球領先的應用科技研究機構。
"""


def test_a_traditional_chinese_release_builds_in_every_format(project: Path) -> None:
    from pressgen.build import build

    spec = project / "releases" / "2026-04-22-itri-zh.yaml"
    spec.write_text(SPEC, "utf-8")
    outputs = {p.suffix: p for p in build([spec], out=project / "out")}
    html = outputs[".html"].read_text("utf-8")
    assert '<html lang="zh-Hant">' in html and "2026年4月22日" in html and "關於工業技術研究院" in html
    pdf = squash(pdf_text(outputs[".pdf"]))
    assert "工研院生醫與醫材研究所所長呂瑞梅表示：" in pdf  # the lead-in made from the registry and the catalogue
    assert "「我們期待與日本企業攜手，加速國際布局。」" in pdf
    fonts = subprocess.run(["pdffonts", str(outputs[".pdf"])], capture_output=True, text=True, check=True).stdout
    assert "CJK-TC" in fonts and "CJK-JP" not in fonts
    assert "草" in pdf  # the draft mark 草稿, drawn diagonally (pdftotext reads its characters apart)
    paragraphs = docx_paragraphs(outputs[".docx"])
    assert "深化臺日新創合作" in paragraphs
