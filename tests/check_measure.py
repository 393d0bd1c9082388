"""Precision and recall of `pressgen check` on the labelled corpus: what a careful reviewer would circle, and nothing else.

The calibration corpus, three kinds of labelled material, all under tests/check_corpus/:
- passages/*.yaml: lists of passages, each a partial spec (merged over a one-issuer release of its language) and the
  findings a reviewer would make, as [rule, text the finding points at]; an empty list for a clean passage;
- the rule specs (`<rule>[--variant].yaml`): each must raise its rule, and nothing else;
- whole releases (the seed, and the proof corpus tests/corpus/ when it exists) with their labelled findings in
  labels/releases.yaml, as [path, line, col, rule], registry files included.
The held-out sets, heldout/*.yaml and heldout2/*.yaml: passages in the same form, written from what a user sees
(README, `pressgen check --rules` and `--explain`, the registry) without reading the rules, scored each on its own by
measure_heldout(), since the calibration corpus was written by those who tuned the rules. The rules were fixed for
the first set's measured mistakes; the second was written after that and no rule was changed for it.
A finding is a true positive when a label names its rule and its place; a finding without a label is a false alarm,
a label without a finding a miss. Families are the part of the rule id before the dot.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "check_corpus"
PROOF_CORPUS = ROOT / "tests" / "corpus"
ENVELOPE: dict[str, dict[str, Any]] = {
    "ja": {
        "id": "passage", "language": "ja", "date": "2026-05-12", "issuers": ["ipark-institute"],
        "headline": "共同研究プログラムの参加企業を募集",
        "about": [{"org": "ipark-institute", "text": "湘南アイパークを運営しています。"}],
        "contacts": ["ipark-institute/pr"],
    },
    "en": {
        "id": "passage", "language": "en", "date": "2026-05-12", "dateline": "FUJISAWA, Japan", "issuers": ["ipark-institute"],
        "headline": "iPark Institute opens a joint research program",
        "about": [{"org": "ipark-institute", "text": "iPark Institute Co., Ltd. runs Shonan iPark."}],
        "contacts": ["ipark-institute/pr"],
    },
}


@dataclass
class Tally:
    true: Counter[str] = field(default_factory=Counter)
    false: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)
    items: int = 0
    mistakes: list[str] = field(default_factory=list)

    def add(self, where: str, expected: list[tuple[str, Any]], found: list[tuple[str, Any]]) -> None:
        self.items += 1
        left = list(expected)
        for item in found:
            family = item[0].split(".")[0]
            if item in left:
                left.remove(item)
                self.true[family] += 1
            else:
                self.false[family] += 1
                self.mistakes.append(f"{where}: false alarm {item}")
        for item in left:
            self.missed[item[0].split(".")[0]] += 1
            self.mistakes.append(f"{where}: missed {item}")

    def scores(self, family: str | None = None) -> tuple[float, float, int, int, int]:
        pick = (lambda c: c[family]) if family else (lambda c: sum(c.values()))
        tp, fp, fn = pick(self.true), pick(self.false), pick(self.missed)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        return precision, recall, tp, fp, fn

    def families(self) -> list[str]:
        return sorted(set(self.true) | set(self.false) | set(self.missed))

    def report(self) -> str:
        lines = [f"{'family':16} {'precision':>9} {'recall':>7} {'found':>6} {'false':>6} {'missed':>6}"]
        for family in [*self.families(), None]:
            p, r, tp, fp, fn = self.scores(family)
            lines.append(f"{family or 'overall':16} {p:9.2f} {r:7.2f} {tp:6} {fp:6} {fn:6}")
        return "\n".join(lines)


def _literal_yaml(value: Any, indent: str = "") -> str:
    """YAML whose strings are all literal blocks, so that a finding's line and column show its text as written."""
    if isinstance(value, dict):
        out = []
        for key, item in value.items():
            if isinstance(item, str) and not re.fullmatch(r"[\w:.+/-]*", item, re.ASCII):  # ids, dates, zones stay plain
                out.append(f"{indent}{key}: |-\n" + "".join(f"{indent}  {line}\n" for line in item.split("\n")))
            elif isinstance(item, (dict, list)) and item:
                out.append(f"{indent}{key}:\n" + _literal_yaml(item, indent + "  "))
            elif isinstance(item, str):
                out.append(f"{indent}{key}: {item}\n")
            else:
                out.append(f"{indent}{key}: {json.dumps(item, ensure_ascii=False, default=str)}\n")
        return "".join(out)
    out = []
    for item in value:
        if isinstance(item, dict):
            out.append(f"{indent}- " + _literal_yaml(item, indent + "  ").lstrip(" "))
        else:
            plain = isinstance(item, str) and re.fullmatch(r"[\w:.+/-]*", item, re.ASCII)
            out.append(f"{indent}- {item if plain else json.dumps(item, ensure_ascii=False)}\n")
    return "".join(out)


def passages(folder: str = "passages") -> list[tuple[str, dict[str, Any], list[tuple[str, str]]]]:
    """(name, spec, expected [rule, text]) of every labelled passage under tests/check_corpus/<folder>/."""
    yaml = YAML(typ="safe")
    found = []
    for path in sorted((CORPUS / folder).glob("*.yaml")):
        for entry in yaml.load(path.read_text("utf-8")):
            language = entry["spec"]["language"]
            spec = {**ENVELOPE[language], **entry["spec"]}
            unknown = [key for key, value in entry["spec"].items() if value is None and key not in ENVELOPE[language]]
            if unknown:  # a comma in an unquoted flow value splits it into keys
                raise ValueError(f"{path.name}: {entry['name']}: stray keys {unknown}")
            spec = {key: value for key, value in spec.items() if value is not None}
            found.append((f"{path.stem}/{entry['name']}", spec, [tuple(label) for label in entry.get("expect") or []]))
    return found


def measure(include_proof_corpus: bool = True) -> Tally:
    """The calibration corpus: passages, rule specs and whole releases."""
    from pressgen.review.check import check_release
    from pressgen.spec import find_project, load_release

    tally = _measure_passages(passages())
    project = find_project(ROOT)
    labelled = YAML(typ="safe").load((CORPUS / "labels" / "releases.yaml").read_text("utf-8"))
    # the registry's own findings are measured once, with the whole releases
    known = {(p, line, col, rule) for labels in labelled.values() for p, line, col, rule in labels or [] if "/orgs/" in p}
    for spec in sorted(CORPUS.glob("*.yaml")):
        expected = [] if spec.name.startswith("clean-") else [spec.stem.split("--")[0]]
        findings = check_release(load_release(spec))
        rules = sorted({f.rule for f in findings if (_relative(f.path), f.line, f.col, f.rule) not in known})
        tally.add(spec.name, [(r, "") for r in expected], [(r, "") for r in rules])
    for release, labels in labelled.items():
        path = ROOT / release
        if not path.is_file() or (not include_proof_corpus and release.startswith("tests/corpus/")):
            continue
        expected = [(rule, (p, line, col)) for p, line, col, rule in labels or []]
        found = [(f.rule, (_relative(f.path), f.line, f.col)) for f in check_release(load_release(path, project))]
        tally.add(release, expected, found)
    return tally


def measure_heldout(folder: str = "heldout") -> Tally:
    """The held-out passages, scored apart from the corpus the rules were calibrated on: heldout/ (whose mistakes,
    once measured, the rules were fixed for) or heldout2/ (written after those fixes, scored as it came)."""
    return _measure_passages(passages(folder))


def _measure_passages(entries: list[tuple[str, dict[str, Any], list[tuple[str, str]]]]) -> Tally:
    from pressgen.review.check import check_release
    from pressgen.spec import find_project, load_release

    tally = Tally()
    project = find_project(ROOT)
    with tempfile.TemporaryDirectory() as folder:
        for n, (name, spec, expected) in enumerate(entries):
            path = Path(folder) / f"passage-{n}.yaml"
            path.write_text(_literal_yaml(spec), "utf-8")
            lines = path.read_text("utf-8").split("\n")
            found = []
            for finding in check_release(load_release(path, project)):
                if Path(finding.path).resolve() != path.resolve():
                    continue  # registry text: measured on the whole releases
                at = lines[finding.line - 1][finding.col - 1 :]
                label = next((text for rule, text in expected if rule == finding.rule and at.startswith(text)), at[:12])
                found.append((finding.rule, label))
            tally.add(name, expected, found)
    return tally


def _relative(path: str) -> str:
    resolved = Path(path).resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else path
