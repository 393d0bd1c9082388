"""Precision and recall of the proofreader on the labelled corpus (tests/check_corpus/) and, apart, on the held-out set
(tests/check_corpus/heldout/ and heldout2/): at least 0.90 each overall."""

from __future__ import annotations

import pytest
from check_measure import measure, measure_heldout, passages

QUALITY = 0.90


def test_the_corpus_has_120_labelled_passages_in_both_languages() -> None:
    written = passages()
    assert len(written) >= 120
    assert {spec["language"] for _, spec, _ in written} == {"ja", "en"}
    assert sum(not expected for _, _, expected in written) >= 30  # clean passages: the proofreader must stay quiet


def test_the_heldout_set_has_80_passages_about_half_in_each_language() -> None:
    written = passages("heldout")
    assert len(written) >= 80
    japanese = sum(spec["language"] == "ja" for _, spec, _ in written)
    assert 0.4 <= japanese / len(written) <= 0.6
    assert sum(not expected for _, _, expected in written) >= 25
    calibration = {spec.get("body") for _, spec, _ in passages()}
    assert not [name for name, spec, _ in written if spec.get("body") in calibration]  # none copied from the other set


def test_the_second_heldout_set_has_50_passages_in_both_languages_none_copied() -> None:
    written = passages("heldout2")
    assert len(written) >= 50
    japanese = sum(spec["language"] == "ja" for _, spec, _ in written)
    assert 0.4 <= japanese / len(written) <= 0.6
    assert sum(not expected for _, _, expected in written) >= 15
    others = {spec.get("body") for _, spec, _ in passages() + passages("heldout")}
    assert not [name for name, spec, _ in written if spec.get("body") in others]


def test_precision_and_recall(capsys) -> None:  # type: ignore[no-untyped-def]
    tally = measure()
    with capsys.disabled():
        print("\n" + tally.report())
    precision, recall, *_ = tally.scores()
    assert precision >= QUALITY and recall >= QUALITY, "\n".join(tally.mistakes)


@pytest.mark.parametrize("folder", ["heldout", "heldout2"])
def test_precision_and_recall_on_the_heldout_sets(folder: str, capsys) -> None:  # type: ignore[no-untyped-def]
    tally = measure_heldout(folder)
    with capsys.disabled():
        print(f"\n{folder} ({tally.items} passages):\n" + tally.report())
    precision, recall, *_ = tally.scores()
    assert precision >= QUALITY and recall >= QUALITY, "\n".join(tally.mistakes)

