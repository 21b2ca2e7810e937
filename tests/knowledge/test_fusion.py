from __future__ import annotations

import pytest

from knowledge.fusion import FusionConfig, fuse


def test_score_fusion_keeps_a_clear_dense_winner_on_top() -> None:
    dense = [("a", 0.92), ("b", 0.80), ("c", 0.79)]
    lexical = [("c", 12.0), ("b", 11.5), ("a", 1.0)]
    ranked = [
        cid for cid, _ in fuse(dense, lexical, FusionConfig(dense_weight=0.7, lexical_weight=0.3))
    ]
    assert ranked[0] == "a"


def test_score_fusion_rewards_agreement() -> None:
    dense = [("x", 0.9), ("y", 0.88), ("z", 0.5)]
    lexical = [("y", 10.0), ("z", 2.0)]
    assert fuse(dense, lexical)[0][0] == "y"


def test_rrf_uses_ranks_and_weights() -> None:
    dense = [("a", 0.9), ("b", 0.1)]
    lexical = [("b", 5.0), ("a", 4.0)]
    equal = fuse(dense, lexical, FusionConfig(method="rrf", dense_weight=1, lexical_weight=1))
    assert equal[0][1] == pytest.approx(equal[1][1])
    lex_heavy = fuse(dense, lexical, FusionConfig(method="rrf", dense_weight=1, lexical_weight=2))
    assert lex_heavy[0][0] == "b"


def test_one_empty_list_and_both_empty() -> None:
    assert [c for c, _ in fuse([], [("a", 3.0), ("b", 1.0)])] == ["a", "b"]
    assert [c for c, _ in fuse([("a", 0.3)], [])] == ["a"]
    assert fuse([], []) == []


def test_results_are_unique_and_sorted() -> None:
    out = fuse([("a", 0.5), ("b", 0.4)], [("b", 2.0), ("c", 1.0)])
    assert len({c for c, _ in out}) == len(out) == 3
    assert [s for _, s in out] == sorted((s for _, s in out), reverse=True)


@pytest.mark.parametrize(
    "kwargs",
    [{"method": "max"}, {"dense_weight": -1.0}, {"depth": 0}],
)
def test_bad_config_fails_fast_with_the_value(kwargs) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError) as err:
        FusionConfig(**kwargs)
    assert str(next(iter(kwargs.values()))) in str(err.value)


GROUPS = {"el-csv": "el", "el-jsonl": "el", "el-md": "el", "page-1": "page", "page-2": "page"}


def test_group_fusion_adds_evidence_across_copies_of_one_thing() -> None:
    # The lexical retriever found one copy of an element, the dense one another copy:
    # together they beat a thing that only one retriever liked a bit more.
    dense = [("other", 0.90), ("el-jsonl", 0.89), ("x", 0.5)]
    lexical = [("other-2", 9.0), ("el-csv", 8.5), ("y", 1.0)]
    chunk_level = [c for c, _ in fuse(dense, lexical)]
    assert chunk_level[0] in ("other", "other-2")  # without groups the copies do not add up
    grouped = fuse(dense, lexical, group_of=lambda c: GROUPS.get(c, c))
    assert grouped[0][0] in ("el-jsonl", "el-csv")


def test_group_fusion_returns_one_chunk_per_group() -> None:
    dense = [("page-1", 0.9), ("page-2", 0.85), ("el-csv", 0.8), ("el-jsonl", 0.8)]
    lexical = [("el-md", 5.0), ("page-2", 4.0), ("el-csv", 3.0)]
    out = fuse(dense, lexical, group_of=lambda c: GROUPS.get(c, c))
    groups = [GROUPS[c] for c, _ in out]
    assert sorted(groups) == ["el", "page"] and len(out) == 2
    # each group is cited by the chunk of the retriever that gave it the most
    assert dict(out).keys() == {"page-1", "el-md"} or dict(out).keys() == {"page-2", "el-md"}


def test_a_tie_between_each_retrievers_own_top_hit_goes_to_the_one_with_the_words() -> None:
    # "a" is only the dense top hit, "z" only the lexical one: both score 0.5, and the
    # one sharing the question's words comes first whatever the ids' order
    dense = [("a", 0.40), ("m", 0.38), ("n", 0.30)]
    lexical = [("z", 14.0), ("m", 9.0), ("n", 2.0)]
    ranked = fuse(dense, lexical, group_of=lambda cid: cid)
    scores = dict(ranked)
    assert scores["a"] == pytest.approx(scores["z"])
    assert [c for c, _ in ranked].index("z") < [c for c, _ in ranked].index("a")
