"""core.cost: the estimate grows with every size, `largest_within` finds the edge of the budget
(against a scan), and `check_budget` refuses with the numbers a page needs to say why."""

from __future__ import annotations

import pytest

from rnnscope.core import cost
from rnnscope.core import limits as L
from rnnscope.core.option import OptionError
from rnnscope.core.options import normalize


@pytest.mark.parametrize("cell", L.CELL_NAMES)
def test_the_estimate_grows_with_every_size(cell):
    base = {"steps": 10, "hidden": 8, "layers": 1, "cell": cell, "vocab": 6, "train_steps": 50}
    e = cost.estimate_cost(cost.Work(**base))
    for name, more in (("steps", 20), ("hidden", 16), ("layers", 2), ("vocab", 12),
                       ("train_steps", 100)):  # fmt: skip
        assert cost.estimate_cost(cost.Work(**{**base, name: more})) > e, name


@pytest.mark.parametrize(
    ("options", "engine"),
    [({}, True), ({"truncate": 3}, False), ({"truncate": 10}, True),
     ({"train": "readout"}, False), ({"optimizer": "ridge"}, False)],
)  # fmt: skip
def test_a_training_counts_its_cell_steps_where_core_train_takes_them(options, engine):
    """core.sweep's steps (cheaper) apart from the readable path's, as core.train chooses."""
    w = cost.Work(steps=10, hidden=8, train_steps=50, **options)
    untrained = cost.counts(cost.Work(steps=10, hidden=8, **options))
    c = cost.counts(w)
    assert (c["train_cells"] > 0) == engine
    assert c["cells"] > untrained["cells"] or engine or options.get("optimizer") == "ridge"
    if engine:
        assert c["cells"] == untrained["cells"] and c["train_cells"] == 50 * (10 + 10)


@pytest.mark.parametrize(("least", "budget"), [(0, 0.0), (0, 7.5), (1, 30.0), (0, 1e9), (3, 2.0)])
def test_largest_within_is_the_edge_of_the_budget(least, budget):
    def cost_of(n: int) -> float:
        return 0.5 * n + (n // 7)  # grows, not linearly

    scan = [n for n in range(least, 101) if cost_of(n) <= budget]
    assert cost.largest_within(cost_of, budget, 100, least) == (max(scan) if scan else None)


def test_room_is_what_fits_for_all_the_cells_together():
    text = "hello world, hello rnn"
    options = [normalize(text, cell=c, hidden=8) for c in L.CELL_NAMES]
    tokens, vocab = len(text), len(set(text))
    room = cost.room(options, tokens, vocab, L.COST_BUDGET)
    alone = cost.room(options[:1], tokens, vocab, L.COST_BUDGET)
    most = room["max_train_steps"]
    assert most is not None and 0 < most < alone["max_train_steps"]

    def total(n: int) -> float:
        trained = [normalize(text, cell=c, hidden=8, train_steps=n) for c in L.CELL_NAMES]
        return sum(cost.options_cost(o, tokens, vocab) for o in trained)

    assert total(most) <= L.COST_BUDGET < total(most + 1)
    # a stored model's hidden size is its own: only the training is the request's to change
    assert cost.room(options, tokens, vocab, L.COST_BUDGET, hidden_fixed=True) == {
        "max_train_steps": most, "max_hidden": None}  # fmt: skip


def test_check_budget_refuses_with_the_numbers():
    cost.check_budget(L.COST_BUDGET, lambda: pytest.fail("not asked when it fits"), "x")
    with pytest.raises(OptionError) as refused:
        cost.check_budget(L.COST_BUDGET + 1, lambda: {"max_train_steps": 7, "max_hidden": None},
                          "train_steps")  # fmt: skip
    e = refused.value
    assert e.field == "cost" and "COST_BUDGET" in e.message and "lower train_steps" in e.message
    assert e.ctx == {"rule": "cost", "estimate": L.COST_BUDGET + 1, "budget": L.COST_BUDGET,
                     "max_train_steps": 7, "max_hidden": None}  # fmt: skip
