"""Character rules: half-width katakana, look-alikes, old forms, decomposed and invisible characters, stray spaces."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from ...spec.markdown import emphasis_marks, literal_marks
from .engine import Report, rule
from .forms import covered
from .morphology import tokenize
from .names import near_names
from .review import Review
from .scripts import SPACES, is_japanese_text, is_kanji, is_katakana, is_latin

_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]+")
_RADICAL = re.compile(r"[\u2e80-\u2eff\u2f00-\u2fdf]")
# Kanji that look like katakana, and the katakana they are mistaken for.
_KANJI_LIKE_KATAKANA = dict(zip("口力工二八卜夕一", "ロカエニハトター", strict=True))
_KATAKANA_LIKE_KANJI = {v: k for k, v in _KANJI_LIKE_KATAKANA.items()}
_COUNTER_KA = "月国所年条"  # 数カ月, 3カ国: a katakana カ between kanji is right here
_DASHES = "－−‐‑–—―-"
# Cyrillic and Greek letters that pass for Latin ones inside a Latin word.
_LATIN_LOOKALIKES = dict(zip("аеорсухАВЕКМНОРСТХοΑΒΕΙΚΜΝΟΡΤΧ", "aeopcyxABEKMHOPCTXoABEIKMNOPTX", strict=True))
# Characters that print as nothing (a word joiner, a soft hyphen, the Hangul fillers, invisible math operators);
# variation selectors are left alone: they choose a kanji's form (IVS) or an emoji's.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060-\u2064\ufeff\u00ad\u180e\u034f\u115f\u1160\u3164\uffa0\U000e0001]")
# Bidirectional controls reorder what a reader sees (the Trojan Source trick): nothing in a release needs them.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Traditional (kyūjitai / Taiwanese) forms where Japanese writes the simplified one.
_TRADITIONAL = dict(
    zip(
        "區國灣臺學會體醫藥發產經與實觀變廣應處譯驗續鐵轉傳聲從歐縣價團圖圓萬來氣爲黨擴雙內硏綠說稅錄黃數據點廳覺營獎專斷",
        "区国湾台学会体医薬発産経与実観変広応処訳験続鉄転伝声従欧県価団図円万来気為党拡双内研緑説税録黄数拠点庁覚営奨専断",
        strict=True,
    )
)


@rule("characters.halfwidth-kana", "error", "half-width katakana (ｱｲｳ)")
def halfwidth_kana(review: Review) -> Iterator[Report]:
    for text in review.texts:
        for match in _HALFWIDTH_KANA.finditer(text.text):
            yield text.spot(match.start()), f"half-width katakana '{match.group()}': write '{unicodedata.normalize('NFKC', match.group())}'"


@rule("characters.lookalike", "error", "Kangxi radicals and characters that look like others: 力 for カ, ー for 一, Cyrillic а for a")
def lookalike(review: Review) -> Iterator[Report]:
    for text in review.texts:
        s = text.text
        for index, char in enumerate(s):
            expected = _expected(s, index, char)
            if expected:
                name = unicodedata.name(char, f"U+{ord(char):04X}")
                yield text.spot(index), f"'{char}' ({name}) looks like '{expected}' but is another character"


def _expected(s: str, i: int, char: str) -> str | None:
    before = s[i - 1] if i else ""
    after = s[i + 1] if i + 1 < len(s) else ""
    if _RADICAL.match(char):
        folded = unicodedata.normalize("NFKC", char)
        return folded if folded != char else "the kanji"
    if char in _KANJI_LIKE_KATAKANA and is_katakana(before) and is_katakana(after):
        return _KANJI_LIKE_KATAKANA[char]
    if char in _KATAKANA_LIKE_KANJI and is_kanji(before) and is_kanji(after) and not (char == "カ" and after in _COUNTER_KA):
        return _KATAKANA_LIKE_KANJI[char]
    if char in "ヘベペ" and before and not is_katakana(before) and not is_katakana(after):
        return chr(ord(char) - 0x60)  # the particle へ, written in hiragana
    if char in _DASHES and is_katakana(before) and is_katakana(after) and before != "ー":
        return "ー"
    if char in _LATIN_LOOKALIKES and (is_latin(before) or is_latin(after)):
        return _LATIN_LOOKALIKES[char]
    return None


@rule("characters.traditional-form", "warning", "a traditional form (區, 國) where Japanese writes 区, 国", ("ja",))
def traditional_form(review: Review) -> Iterator[Report]:
    for text in review.printed:
        names = review.names_in(text)
        for index, char in enumerate(text.text):
            if char in _TRADITIONAL and not covered(names, index):
                yield text.spot(index), f"'{char}' is a traditional form; Japanese writes '{_TRADITIONAL[char]}'"


@rule("characters.nfd", "error", "decomposed (NFD) text: か + ゛ instead of が")
def nfd(review: Review) -> Iterator[Report]:
    for text in review.texts:
        s = text.text
        for index in range(1, len(s)):
            if unicodedata.combining(s[index]) or s[index] in "\u3099\u309a":
                composed = unicodedata.normalize("NFC", s[index - 1 : index + 1])
                if len(composed) == 1:
                    yield text.spot(index - 1), f"'{s[index - 1]}' + U+{ord(s[index]):04X} is decomposed (NFD): write '{composed}'"


@rule("characters.zero-width", "error", "zero-width and other invisible characters")
def zero_width(review: Review) -> Iterator[Report]:
    for text in review.texts:
        for match in _INVISIBLE.finditer(text.text):
            if match.group() == "\u200d" and _between_symbols(text.text, match.start()):
                continue  # a zero-width joiner inside an emoji sequence is part of the emoji
            name = unicodedata.name(match.group(), "invisible character")
            yield text.spot(match.start()), f"invisible U+{ord(match.group()):04X} {name}: delete it"


@rule("characters.bidi-control", "error", "bidirectional control characters (U+202E and the like) that reorder the text shown")
def bidi_control(review: Review) -> Iterator[Report]:
    for text in review.texts:
        for match in _BIDI.finditer(text.text):
            name = unicodedata.name(match.group(), "bidirectional control")
            yield text.spot(match.start()), f"U+{ord(match.group()):04X} {name} changes the order the text is shown in: delete it"


def _between_symbols(s: str, i: int) -> bool:
    return 0 < i < len(s) - 1 and all(unicodedata.category(c) == "So" for c in (s[i - 1], s[i + 1]))


# Japanese sets a title apart from the name before it (会社名 代表取締役社長 …) and from the name after it.
_TITLE_WORDS = re.compile(
    r"(?:次期|副|前|元|名誉)?(?:代表|取締役|社長|会長|理事|所長|院長|部長|課長|室長|局長|本部長|センター長|教授|准教授|"
    r"家元|執行役員|専務|常務|監査役|顧問|主任|研究員|市長|町長|知事|大臣|総裁|学長|園長|館長|長官|議長|委員長|責任者|CEO|CTO|COO)"
)
_TITLE_AT_END = re.compile(rf"(?:{_TITLE_WORDS.pattern})$")
# The words on either side of a space, up to the next space, punctuation or table rule.
_WORD_BEFORE = re.compile(r"[^\s\u3000|｜、。（）()「」]+$")
_WORD_AFTER = re.compile(r"[^\s\u3000|｜、。（）()「」]+")
_PERIOD_THEN_ORDINAL = re.compile(r"(?:期|年度)$")  # 2027年3月期 第1四半期
# The units of an organization (経営企画部 広報グループ, 総務部 広報課): a unit's name of two letters or more before its
# suffix, and the unit inside it written after the space.
_UNIT = r"(?:部|課|室|局|係|班|部門|グループ|チーム|ユニット|センター|オフィス|研究所|事務所|事務局|支社|支店|営業所|工場)"
_UNIT_AT_END = re.compile(rf"(?<![\u4e00-\u9fff々\u30a1-\u30faー])[\u4e00-\u9fff々\u30a1-\u30faー]{{2,}}{_UNIT}$")
_UNIT_NAME = re.compile(rf"[\u4e00-\u9fff々\u30a1-\u30faー]{{1,12}}?{_UNIT}")


@rule("characters.space-in-japanese", "warning", "a space between two Japanese words (a title and a name excepted)", ("ja",))
def space_in_japanese(review: Review) -> Iterator[Report]:
    for text in review.printed:
        names = review.names_in(text)
        for match in re.finditer(f"[{SPACES}]+", text.text):
            start, end = match.span()
            s = text.text
            if not (start and end < len(s) and is_japanese_text(s[start - 1]) and is_japanese_text(s[end])):
                continue
            # 代表取締役社長 藤本利夫: a registry title or name beside the space; a registry title may hold a space itself.
            beside_name = any(o.form.kind in ("person", "title") and (o.start == end or o.end == start) for o in names)
            if beside_name or covered(names, start, end) or _title_or_name_follows(s, end) or _between_titles(s, start, end):
                continue
            if text.role == "headline" and match.group() == "\u3000":
                continue  # 決算を発表　売上高は18%増: a headline's full-width space sets its two parts apart
            if any(n.start <= start and end <= n.end for n in near_names(review, text)):
                continue  # アイパーク インスティテュート: names.variant gives the registry's spelling
            yield text.spot(start), f"space between '{s[start - 1]}' and '{s[end]}' in Japanese text"


def _between_titles(s: str, start: int, end: int) -> bool:
    """執行役員 開発本部長, 取締役 最高技術責任者, 開発本部 ロボット制御部長: a title on either side, set apart from the
    post or department beside it, as Japanese writes them; 経営企画部 広報グループ, a unit and the unit inside it;
    and 2027年3月期 第1四半期, a period and its quarter."""
    before = _WORD_BEFORE.search(s, 0, start)
    after = _WORD_AFTER.match(s, end)
    if before and _TITLE_AT_END.search(before.group()) or after and _TITLE_AT_END.search(after.group()):
        return True
    if before and _UNIT_AT_END.search(before.group()) and _UNIT_NAME.match(s, end):
        return True
    return bool(before and after and _PERIOD_THEN_ORDINAL.search(before.group()) and after.group().startswith("第"))


def _title_or_name_follows(s: str, at: int) -> bool:
    """次期家元 池坊由紀, 研究所 所長: a person's name (as MeCab knows names) or a title after the space."""
    if _TITLE_WORDS.match(s, at):
        return True
    following = tokenize(s[at : at + 12])
    return bool(following) and following[0].is_person_name


# A link that did not take: [text] (url) with a space, [text](url without its parenthesis, [text][ref] with no such
# reference, or any of them in a plain-text field (a Markdown field's prose holds a linked address as U+FFFC). A bare
# [注1] or [Editor's note] is left alone.
_STRAY_LINK = re.compile(r"\[[^\[\]\n]{1,80}\](?:\s?\((?:https?://|mailto:|www\.|/|#|\ufffc)[^)\s]*\)?|\[[^\[\]\n]{0,40}\])")
# ** and __ in a plain-text field, which prints them whether or not Markdown would have read them as emphasis
_DOUBLED_MARK = re.compile(r"(?<![*_\\])(?:\*\*|__)(?![*_])")


@rule(
    "characters.stray-markup", "warning",
    "Markdown that prints as itself: a * or _ of emphasis that did not take, ** or __ in a plain-text field, a [link] that did not take",
)
def stray_markup(review: Review) -> Iterator[Report]:
    for text in review.printed:
        for match in _STRAY_LINK.finditer(text.text):
            shown = match.group().replace("\ufffc", "…")  # the address, as the prose holds it
            yield text.spot(match.start()), f"'{shown}' prints as itself: write a Markdown link [text](address), with nothing between ] and ("
        offsets = literal_marks(text.source) if text.markdown else emphasis_marks(text.source)
        if not text.markdown:
            offsets = sorted(set(offsets) | {m.start() + i for m in _DOUBLED_MARK.finditer(text.source) for i in (0, 1)})
        for n, offset in enumerate(offsets):
            if n and offsets[n - 1] == offset - 1:
                continue  # one finding for a run such as **
            end = offset
            while end + 1 in offsets:
                end += 1
            run = text.source[offset : end + 1]
            escaped = "".join("\\" + c for c in run)
            if text.markdown:
                yield text.source_spot(offset), f"'{run}' prints as itself: close the emphasis, or write {escaped} for the characters"
            else:
                yield text.source_spot(offset), f"'{run}' prints as itself: {text.field} is plain text, not Markdown; leave the marks out"

