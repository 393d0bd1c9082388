"""What the machine needs for fast, correct output, and how to install what is missing."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import PressgenError
from .render.glyphs import coverage
from .spec.project import DEFAULT_FONTS, find_project

APT = "apt-get install -y"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


def harfbuzz_subsetting() -> bool:
    """True when WeasyPrint subsets fonts with HarfBuzz; without it fontTools is ~14× slower."""
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None


def diagnose() -> Iterator[Check]:
    try:
        import weasyprint
        from weasyprint.text.ffi import pango
    except (ImportError, OSError) as exc:
        yield Check("WeasyPrint and Pango", False, str(exc), f"{APT} libpango-1.0-0 libpangoft2-1.0-0")
        return
    major, minor, micro = (pango.pango_version() // 10_000, pango.pango_version() // 100 % 100, pango.pango_version() % 100)
    yield Check("WeasyPrint and Pango", True, f"WeasyPrint {weasyprint.__version__}, Pango {major}.{minor}.{micro}")
    yield Check(
        "HarfBuzz subsetting",
        harfbuzz_subsetting(),
        "PDF fonts are subset by HarfBuzz" if harfbuzz_subsetting() else "fonts would be subset by fontTools: PDFs take ~14 s instead of ~1 s",
        f"{APT} libharfbuzz-subset0",
    )
    try:
        fonts = [f for lang in ("ja", "en", "zh-Hant") for stack in find_project().fonts(lang).values() for f in stack]
    except PressgenError:
        fonts = [f for stacks in DEFAULT_FONTS.values() for stack in stacks.values() for f in stack]
    for family in dict.fromkeys(fonts):
        found = coverage(family) is not None
        package = "fonts-noto-cjk" if "CJK" in family else "fonts-noto-core"
        yield Check(f"font {family}", found, "installed" if found else "not found by fontconfig", f"{APT} {package}")
    signer = shutil.which("ssh-keygen")
    yield Check("ssh-keygen", signer is not None, signer or "signed approvals cannot be made or verified", f"{APT} openssh-client")
    for tool, package, use in (
        ("pdftotext", "poppler-utils", "tests read PDF text"),
        ("qpdf", "qpdf", "tests check PDF structure"),
        ("mutool", "mupdf-tools", "tests draw the PDF with MuPDF"),
        ("soffice", "libreoffice-writer-nogui", "tests open the DOCX"),
        ("chromium", "chromium", "browser tests of the preview"),
        ("dovecot", "dovecot-imapd", "tests read bounces over IMAP"),
    ):
        where = shutil.which(tool)
        yield Check(tool, where is not None, where or use, f"{APT} {package}", required=False)
