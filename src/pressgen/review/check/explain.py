"""`pressgen check --explain RULE`: what each rule looks for, why a reviewer cares, and how to silence it."""

from __future__ import annotations

from .engine import Rule

# rule id: (what it looks for and why, how to make it quiet besides suppress:/disable)
EXPLANATIONS: dict[str, tuple[str, str]] = {
    "abbreviations.before-definition": (
        "A short form (ITRI, アイパークインスティテュート) used before the sentence that defines it with 以下「X」 or "
        "(\"X\"). A reader meets the short form before knowing what it stands for.",
        "Move the definition to the first use, or write the full name there.",
    ),
    "abbreviations.undefined": (
        "An issuer's short form used without ever being defined. Japanese releases name each issuer in full once "
        "with 以下「略称」 (a public body's common name, 青嵐大学 for 国立大学法人青嵐大学, needs none); in English only an acronym needs spelling out (AP style needs no hereinafter), and then "
        "any acronym, the registry's (ITRI: 'Industrial Technology Research Institute (ITRI)') or a term's (CMC), "
        "unless a general reader knows it (CEO, US, AI, R&D, PDF …) or the word after it says what it is (the RIKEN "
        "institute). Capitals that are a line's typography are no acronym: a label at the start of a line or item "
        "closed by a colon (WHAT:, WHEN:, NOTE TO EDITORS:) and a line of two words or more set in capitals (MEDIA "
        "ADVISORY, a heading); an acronym used there is reported where the text uses it. 'Term (ACR)' and 'ACR (the "
        "words)' both spell it out.",
        "Write the definition the message suggests at the first use.",
    ),
    "abbreviations.redefined": ("A short form defined a second time: the reader wonders whether it is another thing.", "Keep the first definition."),
    "abbreviations.long-form": (
        "The full name written again after its short form was defined (quotes excepted): once defined, the short form "
        "is the name.",
        "Write the short form, or define it later.",
    ),
    "characters.halfwidth-kana": ("Half-width katakana (ｱｲｳ), which looks broken in print and in a journalist's editor.", "Write full-width kana."),
    "characters.lookalike": (
        "Characters that look like others but are not: Kangxi radicals (⼯ for 工), 力 for カ, 口 for ロ, 一 for ー, "
        "Cyrillic а for Latin a. Search and copy-paste fail on them.",
        "Retype the character.",
    ),
    "characters.traditional-form": ("A traditional form (區, 國, 灣) where Japanese writes 区, 国, 湾; registry names keep theirs.", "Write the Japanese form."),
    "characters.nfd": ("Decomposed text (か + U+3099): it looks like が but searches and sorts as two characters.", "Retype it, or normalize the file to NFC."),
    "characters.zero-width": (
        "Invisible characters (zero-width space, word joiner, soft hyphen, Hangul filler …) that break searches, "
        "line breaks and copy-paste while showing nothing.",
        "Delete the character (an editor's 'show invisibles' shows it).",
    ),
    "characters.bidi-control": (
        "Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and the like) reorder what a reader sees: 参加費は"
        "\u202e円0001\u202c shows another amount than the text holds.",
        "Delete the control character.",
    ),
    "characters.space-in-japanese": (
        "A space between two Japanese words, where Japanese sets none; a space between a title and a name (代表取締役社長 "
        "藤本利夫, 次期家元 池坊由紀) is the convention and is left alone, and so are a title beside the post or "
        "department it goes with (執行役員 開発本部長, 開発本部 ロボット制御部長), a unit and the unit inside it "
        "(経営企画部 広報グループ, 総務部 広報課), a fiscal period and its quarter "
        "(2027年3月期 第1四半期) and the full-width space that sets a headline's two parts apart.",
        "Delete the space.",
    ),
    "characters.paren-width": (
        "Full-width and half-width parentheses mixed in one Japanese release (or full-width ones in English); the "
        "release's own majority decides which is the slip.",
        "Write the width the message names.",
    ),
    "characters.digit-width": ("Full-width and half-width digits mixed; the release's majority decides.", "Write the width the message names."),
    "characters.latin-width": ("Full-width and half-width Latin letters mixed; the release's majority decides.", "Write the width the message names."),
    "characters.colon-width": ("Full-width and half-width colons mixed (a colon between digits is a time); the majority decides.", "Write the width the message names."),
    "characters.stray-markup": (
        "Markdown that survived to the output: a * or _ (or a run such as ** or __) that prints as itself because "
        "the emphasis did not take, ** or __ in a plain-text field (headline, highlights), and a link that did not "
        "take: '[text] (address)' with a space, '[text](address' unclosed, '[text][ref]' with no such reference, or "
        "any link in a plain-text field. A bare bracket ([注1], [Editor's note: …]) is left alone.",
        "Close the emphasis or the link, or escape the characters (\\*); plain-text fields take no Markdown.",
    ),
    "characters.paren-pair": ("A parenthesis closed with the other width: (ITRI）.", "Make both the same width."),
    "characters.latin-spacing": (
        "A space between Japanese and a Latin word where the release otherwise writes them together, or the reverse. "
        "A number with its unit (120mm, 920MHz帯) is a figure, not a Latin word, and a space between a model number "
        "and the noun that labels it (型番 AD-100) sets the value apart: neither counts either way.",
        "Follow the release's majority.",
    ),
    "characters.digit-grouping": (
        "Counts of 1,000 or more written with and without thousands separators (3500 and 3,500), in the release and "
        "the registry entries of its organizations.",
        "Write the form the message names.",
    ),
    "dates.invalid": ("A date that does not exist (4月31日), or 同月/同日 with no date before it to refer to.", "Correct the date."),
    "dates.weekday": (
        "A weekday that does not match its date: 4月21日（水）, each day of 5月13日（水）～18日（月）, 令和5年8月1日（木）, "
        "Wednesday, April 21. A wrong weekday sends journalists to the wrong day. In English, a weekday without the "
        "comma AP sets after it ('Monday June 8') is reported too, as a warning.",
        "Correct the weekday or the date; write 'Monday, June 8'.",
    ),
    "dates.era": (
        "A Japanese era year that is not the Gregorian year beside it (令和6年（2025年）: 令和6年 is 2024), or a date "
        "before its era began (令和元年4月 was 平成31年4月).",
        "Correct one of the two years.",
    ),
    "dates.relative": ("本日 / today next to a date that is not the release date, or 本年 and a year that differ.", "Correct the date or drop 本日."),
    "dates.tense": (
        "A date after the release date told in the past tense (the clause that governs the date decides: 'has "
        "scheduled … on October 27' is a plan). Either the date or the release date is wrong.",
        "Correct the date, the tense, or the release date.",
    ),
    "dates.past-plan": (
        "A date before the release date announced as still to come (開催します, will be held): a journalist would "
        "announce an event that is over.",
        "Correct the date, or tell it in the past tense.",
    ),
    "dates.embargo": ("An embargo that lifts on another day than the release date.", "Make the embargo date and the release date agree."),
    "dates.stale-boilerplate": (
        "A boilerplate whose as_of month is more than boilerplate-max-age-months before the release; each figure in it "
        "is pointed out.",
        "Check the figures and update as_of in the registry.",
    ),
    "figures.registry": (
        "A count the release gives that differs from the registry's figures (figures: in the organization's file) for "
        "the same series: 入居企業は130社 or 130 tenants where Shonan iPark's tenants are 115 as of 2024-04. The "
        "series is the one whose label (入居, Tenants) names the count: before it in Japanese, after it (or before a "
        "bare number) in English, with no other number between. A date in the sentence (2023年4月時点, as of April "
        "2023) picks that month's value, else the release date does; an approximate count (約, about) within a tenth "
        "passes. An earlier value of the series passes in a sentence that tells its own time (2018年の開所時は20社, "
        "opened in 2018 with 20 tenants) and is reported as out of date otherwise (入居企業は111社, the count of "
        "2023-10). The figures of the issuers and of every organization the release names are read.",
        "Correct the count, or update the registry's figures.",
    ),
    "japanese.sentence-length": ("A sentence over sentence-max-length characters, parenthetical asides left out.", "Split the sentence, or raise the setting."),
    "japanese.commas": ("More than sentence-max-commas 、 in a sentence (commas between nouns not counted).", "Split the sentence, or raise the setting."),
    "japanese.doubled-particle": (
        "The same particle twice in a row in one clause (で…で, は…は); では and には count as words of their own. A "
        "verb, adjective or auxiliary between the two ends a clause (4月21日に締結した覚書に基づき), and so does 、, "
        "except right after a topic (本プログラムは、参加企業は is two topics in a row; 説明会は6月に、相談会は7月に is not).",
        "Rephrase one of the two.",
    ),
    "japanese.mixed-style": ("です・ます and である sentences mixed in one voice (each quote and about section is its own).", "Keep one style."),
    "japanese.ra-nuki": (
        "ら抜き言葉 (見れる, 来れる for 見られる, 来られる) and い抜き言葉 (募集してます, 進めてる for 募集しています, "
        "進めている): kana dropped as in speech, which careful Japanese avoids in print.",
        "Write the form with ら or い.",
    ),
    "names.misspelling": (
        "A misspelling the registry lists under misspellings:, with the right name; where the listed spelling has a "
        "space, comma or dot the text may have any of them ('iPark Institute Inc.' finds 'iPark Institute, Inc.'). A "
        "kanji name right after a prefecture or municipality (岐阜県工業技術研究所) is that government's own institution.",
        "Write the registry's name.",
    ),
    "names.variant": (
        "A registry name (organization, person, Japanese title, product) written with other spacing, middle dots, "
        "long vowels ー, small kana, ティ/チ, ディ/ジ, ヴ/ブ, width or case: 'アイパーク インスティテュート', 'iParkInstitute'.",
        "Write the registry's spelling; if the registry is wrong, correct it there.",
    ),
    "names.near-miss": (
        "A registry name misspelt by an edit or two, scaled to its length (one letter in six to ten, two in up to 17, "
        "one kanji of a person's name): 'iPark Insitute', '藤元利夫'. No one has to list these misspellings first.",
        "Write the registry's spelling; a real other name that lies this close belongs in the registry too.",
    ),
    "names.external-speaker": (
        "A quote from a speaker outside the registry: the release writes the name and title itself, so no registry "
        "spelling checks them. A note: have the speaker confirm both.",
        "Add the person to an organization of the registry, or confirm the name and title.",
    ),
    "names.company-form": ("株式会社 abbreviated (株) where the release spells it out, or put on the wrong side of the name.", "Write the registry's form."),
    "names.speaker": ("A quote's lead-in that does not give the speaker's name and title as the registry does.", "Copy them from the registry."),
    "orthography.house-style": (
        "A word the house style writes otherwise: a pattern of the project's dictionaries or of an issuer's style: "
        "dictionary (prh format).",
        "Write the dictionary's form, or change the dictionary.",
    ),
    "orthography.inconsistent": (
        "One word written two ways in one release (私たち/私達, ください/下さい, 行う/行なう, 1.5℃/1.5度, Webサイト/ウェブサイト, "
        "start-ups/startups, health care/healthcare); the default dictionary lists the pairs and the release's majority "
        "decides. A noun is compared with nouns and a verb with verbs: 公用文's noun 申込み beside the verb お申し込みください "
        "is one style. On a tie the standard way stands (ください), or, where both ways are standard (申込み/申し込み, "
        "及び/および, 子供/子ども), the way the release wrote first. Katakana words that differ only in a long vowel, small kana, ヴ/ブ or ティ/チ (ユーザー/ユーザ, "
        "インターフェース/インタフェース) are one word too, and so are straight and curly quotation marks or apostrophes "
        "(\"…\" among “…”).",
        "Write it one way; a house dictionary can decide which.",
    ),
    "orthography.us-uk": (
        "US and UK spellings mixed (center and centre, organization and organisation, percent and per cent); the majority decides.",
        "Keep one convention.",
    ),
    "orthography.courtesy-title": ("Mr., Ms. or Mrs. before a name: AP style uses the family name alone, except in quotations.", "Drop the courtesy title."),
    "orthography.title-case": (
        "A job title capitalized after the name it follows ('Toshio Fujimoto, President and CEO of …'): AP style "
        "capitalizes a formal title only before a name, and quotes are left alone. Also a registry title capitalized "
        "two ways in the same position.",
        "Lowercase the title after the name ('president and CEO'), or move it before the name.",
    ),
    "structure.placeholder": (
        "A placeholder that pressgen new or pressgen org new wrote for the author to replace (an about text, a "
        "headline to write): printed as it is, it would tell the reader the release is unfinished.",
        "Write the text the message names.",
    ),
    "structure.headline-length": ("A Japanese headline longer than headline-max-length (65) characters.", "Shorten it, or raise the setting."),
    "structure.headline-style": (
        "An English headline in capitals or with an exclamation mark (AP style), or a sentence-case headline that "
        "shouts one word in capitals ('launches NEW accelerator'): a word the release writes in lowercase elsewhere, "
        "or NEW, FREE, NOW and the like; acronyms (ITRI, CMC) and registry names are left alone.",
        "Write it in sentence case, without !.",
    ),
    "structure.issuer-about": ("An issuer without an about section, where the release gives about sections (about: [] gives none by choice).", "Add it to about:."),
    "structure.issuer-contact": ("An issuer without a media contact.", "Add one to contacts:."),
    "structure.issuer-order": ("About sections or contacts not in the order of the issuers.", "Reorder them."),
    "structure.quote-title": ("A quote whose speaker has no title in the registry in the release's language.", "Add the title to the registry."),
    "structure.dateline": (
        "An English release without a dateline (neither dateline: nor one at the start of the body), or with both, "
        "which prints it twice; the body's own is a place in capitals or in title case ('Fujisawa, Japan – '), a "
        "date may follow, then a dash.",
        "Set dateline:, and keep the body's own out.",
    ),
    "structure.end-mark": ("An English release without the ### end mark, or a body that writes its own.", "Set end_mark in the labels, drop the body's."),
    "structure.contact-details": ("A media contact with neither an email nor a phone number: nobody can reach it.", "Add an email or a phone in the registry."),
    "review.changes-requested": (
        "An issuer asked for changes on its approval page (pressgen approve request) and has not approved since: "
        "the comment is located at the part of the release it names.",
        "Make the change, then ask again (pressgen approve request RELEASE --org ORG); the issuer's approval answers it.",
    ),
    "review.comment": (
        "A reviewer's comment in a returned Word document (brought in by pressgen review import), at the text it "
        "marks, until it is resolved: an open comment means the reviewer still waits for an answer.",
        "Answer it, then mark it resolved (pressgen review resolve RELEASE NUMBERS).",
    ),
    "check.unknown-rule": ("A suppress: entry names a rule that does not exist.", "Correct the rule id (`pressgen check --rules`)."),
    "check.unused-suppression": ("A suppress: entry that silences nothing: stale or mistyped.", "Remove the entry."),
}


def explanation(entry: Rule) -> str:
    """The text `pressgen check --explain` prints for one rule."""
    looks_for, fix = EXPLANATIONS[entry.id]
    languages = ", ".join(entry.languages) if entry.languages else "every language"
    return (
        f"{entry.id} ({entry.severity} by default; {languages})\n\n{looks_for}\n\nFix: {fix}\n\n"
        "Silence it:\n"
        f"  - once, with the reason on record, in the spec:\n"
        f"      suppress:\n        - {{rule: {entry.id}, field: body, reason: …}}   # the field the finding names\n"
        f"  - for the project, in pyproject.toml: [tool.pressgen.check] disable = [\"{entry.id}\"]\n"
        f"  - or as a note: [tool.pressgen.check.severity] \"{entry.id}\" = \"note\"\n"
    )
