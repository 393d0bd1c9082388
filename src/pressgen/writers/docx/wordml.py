"""Raw WordprocessingML that python-docx has no API for, kept in one place."""

from __future__ import annotations

import copy

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.styles import BabelFish
from docx.text.paragraph import Paragraph
from docx.text.run import Run

_THEME_FONT_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")
_LANGUAGE_TAGS = {"ja": "ja-JP", "en": "en-US", "zh-Hant": "zh-TW"}
_EAST_ASIAN = ("ja", "zh-Hant")


def _child(parent, tag: str):  # type: ignore[no-untyped-def]
    """The first `tag` child of `parent`, created if missing (w:pPr before w:rPr in order)."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        parent.append(found)
    return found


def set_fonts(rpr, latin: str, east_asian: str) -> None:  # type: ignore[no-untyped-def]
    """Explicit fonts for every script; theme attributes would otherwise override them."""
    fonts = rpr.get_or_add_rFonts()  # in its place: Word refuses run properties out of the schema's order
    for attr in _THEME_FONT_ATTRS:
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asian)


def text_styles(document: Document) -> dict[str, tuple[str, object]]:
    """Paragraph, character and table styles by name: (style id, w:style element), read from the XML once.

    python-docx's own lookups search the styles part with XPath on every call.
    """
    found = {}
    for element in document.styles.element.findall(qn("w:style")):
        if element.get(qn("w:type")) in ("paragraph", "character", "table"):
            name = element.find(qn("w:name"))
            ui_name = BabelFish.internal2ui(name.get(qn("w:val"))) if name is not None else ""
            found[ui_name] = (element.get(qn("w:styleId")), element)
    return found


def style_rpr(style_element):  # type: ignore[no-untyped-def]
    return _child(style_element, "w:rPr")


def defaults_rpr(document: Document):  # type: ignore[no-untyped-def]
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults")
    return _child(_child(defaults, "w:rPrDefault"), "w:rPr")


def set_language(rpr, language: str) -> None:  # type: ignore[no-untyped-def]
    """The release's language as Word pairs them: a Western language for Latin text, an East Asian one for CJK.

    Tagging Latin text ja-JP too (w:val="ja-JP") makes LibreOffice break it like Japanese: Technolo|gy, IT|RI.
    """
    tag = _LANGUAGE_TAGS.get(language, language)
    lang = _child(rpr, "w:lang")
    lang.set(qn("w:val"), tag if language not in _EAST_ASIAN else "en-US")
    lang.set(qn("w:eastAsia"), tag if language in _EAST_ASIAN else "ja-JP")
    lang.set(qn("w:bidi"), "ar-SA")


# The schema's order of paragraph and run properties: Word refuses a document whose properties are out of it.
_PPR_ORDER = (
    "w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl", "w:numPr",
    "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
    "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr",
    "w:sectPr", "w:pPrChange",
)
_RPR_ORDER = (
    "w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike", "w:dstrike",
    "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden",
    "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
    "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout",
    "w:specVanish", "w:oMath",
)


def _insert(parent, element, order: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    tag = element.tag.split("}")[1]
    parent.insert_element_before(element, *order[order.index(f"w:{tag}") + 1 :])


def set_switch(ppr, tag: str, on: bool) -> None:  # type: ignore[no-untyped-def]
    """A paragraph property such as w:kinsoku set explicitly on or off."""
    element = ppr.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        _insert(ppr, element, _PPR_ORDER)
    element.set(qn("w:val"), "1" if on else "0")


def defaults_ppr(document: Document):  # type: ignore[no-untyped-def]
    styles = document.styles.element
    defaults = _child(styles, "w:docDefaults")
    return _child(_child(defaults, "w:pPrDefault"), "w:pPr")


def strip_theme_fonts(document: Document) -> None:
    for fonts in document.styles.element.iter(qn("w:rFonts")):
        for attr in _THEME_FONT_ATTRS:
            fonts.attrib.pop(qn(attr), None)


def style_num_id(style_element) -> int | None:  # type: ignore[no-untyped-def]
    num = style_element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return int(num.get(qn("w:val"))) if num is not None else None


def restarted_num_id(document: Document, num_id: int) -> int:
    """A new numbering instance of the same list definition, counting from 1 again."""
    numbering = document.part.numbering_part.element
    original = next(n for n in numbering.findall(qn("w:num")) if int(n.get(qn("w:numId"))) == num_id)
    new_id = max(int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(new_id))
    num.append(copy.deepcopy(original.find(qn("w:abstractNumId"))))
    override = OxmlElement("w:lvlOverride")
    override.set(qn("w:ilvl"), "0")
    start = OxmlElement("w:startOverride")
    start.set(qn("w:val"), "1")
    override.append(start)
    num.append(override)
    numbering.append(num)
    return new_id


LIST_INDENT = 420  # twips per level: two full-width characters at 10.5 pt
_BULLETS = ("•", "◦", "▪")  # the browsers' disc, circle and square, by depth


def multilevel_list(document: Document, style_element, ordered: bool) -> None:  # type: ignore[no-untyped-def]
    """Give a list style nine levels of numbering (1. or •, ◦, ▪), each indented one step further, as HTML nests."""
    numbering = document.part.numbering_part.element
    abstract_id = max((int(a.get(qn("w:abstractNumId"))) for a in numbering.findall(qn("w:abstractNum"))), default=-1) + 1
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(abstract_id))
    _val(abstract, "w:multiLevelType", "multilevel")
    for level in range(9):
        lvl = OxmlElement("w:lvl")
        lvl.set(qn("w:ilvl"), str(level))
        _val(lvl, "w:start", "1")
        _val(lvl, "w:numFmt", "decimal" if ordered else "bullet")
        _val(lvl, "w:lvlText", f"%{level + 1}." if ordered else _BULLETS[min(level, 2)])
        _val(lvl, "w:lvlJc", "left")
        ppr = OxmlElement("w:pPr")
        ind = OxmlElement("w:ind")
        ind.set(qn("w:left"), str(LIST_INDENT * (level + 1)))
        ind.set(qn("w:hanging"), str(LIST_INDENT))
        ppr.append(ind)
        lvl.append(ppr)
        abstract.append(lvl)
    # abstractNum elements come before every w:num in the numbering part.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num_id = max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))), default=0) + 1
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(num_id))
    _val(num, "w:abstractNumId", str(abstract_id))
    numbering.append(num)
    ppr = style_element.get_or_add_pPr()
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_numId().val = num_id
    for ind in ppr.findall(qn("w:ind")):
        ppr.remove(ind)  # the level's indent applies


def _val(parent, tag: str, value: str) -> None:  # type: ignore[no-untyped-def]
    element = OxmlElement(tag)
    element.set(qn("w:val"), value)
    parent.append(element)


def level_indent(document: Document, num_id: int, level: int) -> int | None:
    """The left indent (twips) of a list level's text: where a further paragraph of the item starts."""
    numbering = document.part.numbering_part.element
    num = next((n for n in numbering.findall(qn("w:num")) if int(n.get(qn("w:numId"))) == num_id), None)
    if num is None:
        return None
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(a for a in numbering.findall(qn("w:abstractNum")) if a.get(qn("w:abstractNumId")) == abstract_id)
    for lvl in abstract.findall(qn("w:lvl")):
        ind = lvl.find(f"{qn('w:pPr')}/{qn('w:ind')}")
        if int(lvl.get(qn("w:ilvl"))) == level and ind is not None and ind.get(qn("w:left")) is not None:
            return int(ind.get(qn("w:left")))
    return None


def set_hanging(paragraph: Paragraph, left: int, hanging: int) -> None:
    """Text from `left` (twips), its first line starting `hanging` twips before (where a mark hangs)."""
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:left"), str(left))
    ind.set(qn("w:hanging"), str(hanging))


def set_indent(paragraph: Paragraph, left: int) -> None:
    paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:left"), str(left))


def set_numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = ppr.get_or_add_numPr()
    numpr.get_or_add_ilvl().val = level
    numpr.get_or_add_numId().val = num_id


def add_hyperlink(paragraph: Paragraph, url: str):  # type: ignore[no-untyped-def]
    """An external w:hyperlink at the end of `paragraph`; the caller fills it with runs."""
    rel_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    paragraph._p.append(link)
    return link


def add_run(container, paragraph: Paragraph) -> Run:  # type: ignore[no-untyped-def]
    """A run appended to a paragraph or to a hyperlink inside it."""
    r = OxmlElement("w:r")
    container.append(r)
    return Run(r, paragraph)


def keep_whole(run: Run) -> None:
    """A run of joined text (typography.unbreakable) that LibreOffice, too, keeps on one line.

    LibreOffice breaks Japanese and Chinese text at any character but a kinsoku mark and ignores word joiners
    there; text of no linguistic content (zxx) it breaks by the Unicode rules, which honour them. Dates and
    figures need no proofing either.
    """
    rpr = run._r.get_or_add_rPr()
    rpr.get_or_add_noProof()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:eastAsia"), "zxx")
    _insert(rpr, lang, _RPR_ORDER)


def condense(run: Run, twips: int) -> None:
    """Set the run's characters `twips` (1/20 pt) closer: the DOCX form of a mark's removed blank half."""
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(-twips))
    _insert(run._r.get_or_add_rPr(), spacing, _RPR_ORDER)


def style_size(style_element, styles_by_id: dict[str, object], default_rpr) -> float:  # type: ignore[no-untyped-def]
    """The font size in points of a style, through its base styles to the document defaults."""
    while style_element is not None:
        size = style_element.find(f"{qn('w:rPr')}/{qn('w:sz')}")
        if size is not None:
            return int(size.get(qn("w:val"))) / 2
        based_on = style_element.find(qn("w:basedOn"))
        style_element = styles_by_id.get(based_on.get(qn("w:val"))) if based_on is not None else None
    size = default_rpr.find(qn("w:sz"))
    return int(size.get(qn("w:val"))) / 2 if size is not None else 10.0  # Word's own default: 10 pt


def add_field(paragraph: Paragraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) that Word and LibreOffice compute when they lay out the page."""
    run = paragraph.add_run()._r
    run.append(_field_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run.append(instr)
    run.append(_field_char("separate"))
    shown = OxmlElement("w:t")
    shown.text = "1"
    run.append(shown)
    run.append(_field_char("end"))


def _field_char(kind: str):  # type: ignore[no-untyped-def]
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    return char


class Revisions:
    """Tracked changes (w:ins, w:del) by one author at one time, with the unique ids Word requires."""

    def __init__(self, author: str, when: str):
        self.author = author
        self.when = when
        self.next_id = 1

    def mark(self, tag: str):  # type: ignore[no-untyped-def]
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.when)
        self.next_id += 1
        return element

    def add_text(self, paragraph: Paragraph, text: str, kind: str) -> None:
        """`text` as a plain, inserted or deleted run at the end of `paragraph`."""
        run = OxmlElement("w:r")
        piece = OxmlElement("w:delText" if kind == "delete" else "w:t")
        piece.set(qn("xml:space"), "preserve")
        piece.text = text
        run.append(piece)
        if kind == "equal":
            paragraph._p.append(run)
            return
        wrapper = self.mark("w:ins" if kind == "insert" else "w:del")
        wrapper.append(run)
        paragraph._p.append(wrapper)

    def mark_paragraph(self, paragraph: Paragraph, kind: str) -> None:
        """The paragraph itself was inserted or deleted (its mark, so that accepting joins or removes it)."""
        rpr = _child(paragraph._p.get_or_add_pPr(), "w:rPr")
        rpr.append(self.mark("w:ins" if kind == "inserted" else "w:del"))


def table_style(style_element, rule: str, header_fill: str) -> None:  # type: ignore[no-untyped-def]
    """A table style's look: thin rules on every cell edge, cell margins, and a shaded, repeated header row."""
    tblpr = _child(style_element, "w:tblPr")
    borders = _child(tblpr, "w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = _child(borders, f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", rule)):
            line.set(qn(key), value)
    margins = _child(tblpr, "w:tblCellMar")
    for edge, twips in (("top", 57), ("left", 100), ("bottom", 57), ("right", 100)):
        margin = _child(margins, f"w:{edge}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
    header = OxmlElement("w:tblStylePr")
    header.set(qn("w:type"), "firstRow")
    tcpr = _child(_child(header, "w:tcPr"), "w:shd")
    tcpr.set(qn("w:val"), "clear")
    tcpr.set(qn("w:color"), "auto")
    tcpr.set(qn("w:fill"), header_fill)
    style_element.append(header)


def lay_out_table(table, style_id: str, widths: list[int]) -> None:  # type: ignore[no-untyped-def]
    """A table in `style_id` with these column widths (twips), its header row marked as the first row."""
    tbl = table._tbl
    tblpr = tbl.tblPr
    tblpr.style = style_id
    look = _child(tblpr, "w:tblLook")
    look.set(qn("w:firstRow"), "1")
    look.set(qn("w:lastRow"), "0")
    look.set(qn("w:firstColumn"), "0")
    look.set(qn("w:lastColumn"), "0")
    look.set(qn("w:noHBand"), "1")
    look.set(qn("w:noVBand"), "1")
    for col, width in zip(tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(width))
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell._tc.get_or_add_tcPr().get_or_add_tcW().set(qn("w:w"), str(width))


def repeat_as_header(row) -> None:  # type: ignore[no-untyped-def]
    """The row repeats at the top of each page the table runs onto (a header row)."""
    _child(row._tr.get_or_add_trPr(), "w:tblHeader")
