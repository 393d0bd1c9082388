"""Precision and recall of the proofreader on the labelled corpus (tests/check_corpus/): at least 0.90 each overall."""

from __future__ import annotations

from check_measure import measure, passages


def test_the_corpus_has_120_labelled_passages_in_both_languages() -> None:
    written = passages()
    assert len(written) >= 120
    assert {spec["language"] for _, spec, _ in written} == {"ja", "en"}
    assert sum(not expected for _, _, expected in written) >= 30  # clean passages: the proofreader must stay quiet


def test_precision_and_recall(capsys) -> None:  # type: ignore[no-untyped-def]
    tally = measure()
    with capsys.disabled():
        print("\n" + tally.report())
    precision, recall, *_ = tally.scores()
    assert precision >= 0.90 and recall >= 0.90, "\n".join(tally.mistakes)
