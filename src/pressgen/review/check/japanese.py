"""Japanese style, after textlint's preset-japanese: sentence length, 、 per sentence, doubled particles, mixed styles, ら抜き."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

from .engine import Report, rule
from .morphology import Token, tokenize
from .review import Review
from .texts import Text

JA = ("ja",)
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?[」』）)]*")
# The headline has its own length rule; mastheads, headings and contacts are names, not sentences.
_PROSE_ROLES = ("subheadline", "highlight", "body", "lead_in", "quote", "about", "caption")
# Particles whose repetition is normal: の of 日本の企業の技術, を, て, enumerating や/か, and AもBも.
_REPEATABLE = (("の", "連体化"), ("を", "格助詞"), ("て", "接続助詞"), ("も", "係助詞"))
_RA_NUKI_WORDS = {"来れる", "見れる", "出れる", "寝れる", "着れる", "居れる"}


@dataclass(frozen=True)
class Sentence:
    text: Text
    start: int
    string: str

    @cached_property
    def tokens(self) -> list[Token]:
        return tokenize(self.string)

    @cached_property
    def outside_parentheses(self) -> list[int]:
        """Indexes of the characters outside （…）: the lead paragraph's 本社・代表者 asides do not make a sentence long."""
        kept, depth = [], 0
        for index, char in enumerate(self.string):
            if char in "（(":
                depth += 1
            elif char in "）)" and depth:
                depth -= 1
            elif depth == 0:
                kept.append(index)
        return kept


def _sentences(review: Review, roles: tuple[str, ...] = _PROSE_ROLES) -> list[Sentence]:
    every = review.memo(
        "sentences",
        lambda: [
            Sentence(text, m.start(), m.group())
            for text in review.printed
            if text.role in (*_PROSE_ROLES, "headline")
            for m in _SENTENCE.finditer(text.text)
            if m.group().strip()
        ],
    )
    return [s for s in every if s.text.role in roles]


@rule("japanese.sentence-length", "warning", "a sentence longer than sentence-max-length (100) characters", JA)
def sentence_length(review: Review) -> Iterator[Report]:
    limit = review.settings.sentence_max_length
    for sentence in _sentences(review):
        length = len(sentence.outside_parentheses)
        if length > limit:
            yield sentence.text.spot(sentence.start), f"sentence of {length} characters (parentheses left out); keep it to {limit}"


@rule("japanese.commas", "warning", "more than sentence-max-commas (3) 、 in a sentence (between nouns not counted)", JA)
def commas(review: Review) -> Iterator[Report]:
    limit = review.settings.sentence_max_commas
    for sentence in _sentences(review):
        outside = set(sentence.outside_parentheses)
        tokens = sentence.tokens
        counted = [
            t
            for n, t in enumerate(tokens)
            if t.surface == "、" and t.start in outside and not _between_nouns(tokens, n)
        ]
        if len(counted) > limit:
            yield sentence.text.spot(sentence.start + counted[limit].start), f"{len(counted)} 、 in one sentence; keep it to {limit}"


def _between_nouns(tokens: list[Token], n: int) -> bool:
    """米国、ドイツ、英国: a list of nouns reads as one phrase."""
    return 0 < n < len(tokens) - 1 and tokens[n - 1].pos == "名詞" and tokens[n + 1].pos == "名詞"


@rule("japanese.doubled-particle", "warning", "the same particle twice in a row in one clause (で…で, は、…は)", JA)
def doubled_particle(review: Review) -> Iterator[Report]:
    for sentence in _sentences(review, (*_PROSE_ROLES, "headline")):
        last: dict[tuple[str, str], int] = {}
        countable = _particles_and_commas(sentence.tokens)
        for position, (surface, detail, start) in enumerate(countable):
            if surface in ("、", _PREDICATE) or (surface, detail) in _REPEATABLE or detail == "並立助詞":
                continue
            key = (surface, detail)
            if key in last and _in_a_row(countable, last[key], position, topic=key == ("は", "係助詞")):
                yield sentence.text.spot(sentence.start + start), f"particle '{surface}' twice in a row in one sentence"
            last[key] = position


_PREDICATE = "述語"  # a verb, adjective or auxiliary between two particles: they belong to two clauses


def _in_a_row(countable: list[tuple[str, str, int]], before: int, position: int, topic: bool) -> bool:
    """Nothing but the particles' own words between them: no other particle, no predicate (4月21日に締結した覚書に基づき is two clauses),
    and no 、 (AもBも, 東京では、大阪では), except the 、 right after a topic, which does not end it (本プログラムは、
    参加企業は; 来場者は約3,500人、出展は… sets two topics side by side)."""
    between = [surface for surface, _, _ in countable[before + 1 : position]]
    surface, _, start = countable[before]
    return not between or (topic and between == ["、"] and countable[before + 1][2] == start + len(surface))


def _particles_and_commas(tokens: list[Token]) -> list[tuple[str, str, int]]:
    """Particles (には, では as one, whether で is a particle or the copula), 、, which keeps an enumeration's particles
    apart, and the predicates that end a clause."""
    out: list[tuple[str, str, int]] = []
    previous: Token | None = None
    for token in tokens:
        joined = previous is not None and previous.end == token.start
        if token.pos == "助詞" and joined and previous.pos == "助詞" and out:
            surface, detail, start = out[-1]
            out[-1] = (surface + token.surface, detail, start)
        elif token.pos == "助詞" and joined and previous.surface in ("で", "に"):
            # 容易ではない: で is the copula here, yet では is one word, no more a は than the では of 東京では
            if out and out[-1][0] == _PREDICATE and out[-1][2] == previous.start:
                out.pop()
            out.append((previous.surface + token.surface, token.detail, previous.start))
        elif token.pos == "助詞" or token.surface == "、":
            out.append((token.surface, token.detail, token.start))
        elif token.pos in ("動詞", "形容詞", "助動詞") and token.detail != "接尾":
            out.append((_PREDICATE, token.pos, token.start))
        previous = token
    return out


@rule("japanese.mixed-style", "warning", "です・ます and である sentences mixed (each quote and about section on its own)", JA)
def mixed_style(review: Review) -> Iterator[Report]:
    groups: dict[str, list[tuple[Sentence, str]]] = {}
    for sentence in _sentences(review, ("subheadline", "body", "lead_in", "quote", "about")):
        style = _style(sentence.tokens)
        if style and sentence.string.rstrip("」』）)").endswith("。"):
            # A speaker may speak otherwise than the release; each quote and boilerplate is its own voice.
            voice = sentence.text.field if sentence.text.role in ("quote", "about") else "release"
            groups.setdefault(voice, []).append((sentence, style))
    for members in groups.values():
        polite = sum(style == "です・ます" for _, style in members)
        majority = "です・ます" if polite * 2 >= len(members) else "である"
        agree = polite if majority == "です・ます" else len(members) - polite
        for sentence, style in members:
            if style != majority:
                end = sentence.start + len(sentence.string.rstrip("」』）)。")) - 1
                yield sentence.text.spot(end), f"{style} sentence among {majority} ones ({agree} to {len(members) - agree})"


def _style(tokens: list[Token]) -> str | None:
    words = [t for t in tokens if t.pos != "記号"]
    if not words:
        return None
    if any(t.base in ("です", "ます", "くださる", "下さる") for t in words[-4:]):
        return "です・ます"
    return "である" if words[-1].pos in ("助動詞", "動詞", "形容詞") else None


@rule("japanese.ra-nuki", "warning", "ら抜き・い抜き言葉: 見れる for 見られる, してます for しています", JA)
def ra_nuki(review: Review) -> Iterator[Report]:
    for sentence in _sentences(review, (*_PROSE_ROLES, "headline")):
        tokens = sentence.tokens
        for n, token in enumerate(tokens):
            following = tokens[n + 1] if n + 1 < len(tokens) else None
            if token.surface in ("て", "で") and token.detail == "接続助詞" and following and following.start == token.end:
                if following.base == "ます" or (following.pos == "助動詞" and following.surface in ("た", "ない")):
                    # 募集してます, 見てた: the い of いる dropped, as in speech
                    start = tokens[n - 1].start if n else token.start
                    said = sentence.string[start : following.end]
                    right = said[: token.end - start] + "い" + said[token.end - start :]
                    yield sentence.text.spot(sentence.start + start), f"い抜き言葉: write '{right}'"
                    continue
            if token.base in ("てる", "でる") and token.pos == "動詞" and token.detail == "非自立":
                start = tokens[n - 1].start if n else token.start
                auxiliary = following.surface if following and following.start == token.end and following.pos == "助動詞" else ""
                right = sentence.string[start : token.start] + token.surface[0] + "い" + token.surface[1:] + auxiliary
                yield sentence.text.spot(sentence.start + start), f"い抜き言葉: write '{right}'"
                continue
            verb = tokens[n - 1] if n else None
            dropped = verb is not None and verb.pos == "動詞" and verb.detail == "自立" and verb.conjugation == "一段" and verb.form == "未然形"
            if token.base in _RA_NUKI_WORDS or (dropped and token.pos == "動詞" and token.detail == "接尾" and token.base == "れる"):
                start = verb.start if dropped and verb else token.start
                right = (verb.surface if dropped and verb else token.surface[:-2]) + "られる"
                yield sentence.text.spot(sentence.start + start), f"ら抜き言葉: write '{right}'"
