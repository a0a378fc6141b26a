"""The benchmark's arithmetic: what counts as right at once, within one step, wrong and declined."""

from __future__ import annotations

from wegwijz.benchmark.__main__ import Item, Outcome, load_items, objective, score


def test_a_button_with_the_right_article_is_right_within_one_step_only() -> None:
    items = [Item("a", "nl", "blind", "huisarts"), Item("b", "nl", "blind", "huisarts"),
             Item("c", "nl", "blind", "huisarts"), Item("d", "nl", "blind", "huisarts")]
    outcomes = [Outcome("huisarts", [], False, False, "nl"),
                Outcome(None, ["tandarts", "huisarts"], False, False, "nl"),
                Outcome("tandarts", [], False, False, "nl"), Outcome(None, [], True, False, "en")]
    row = score(items, outcomes)[("blind", "nl")]
    assert row["n"] == 4
    assert row["at_once"] == 0.25 and row["one_step"] == 0.5
    assert row["wrong"] == 0.25 and row["declined"] == 0.25
    assert row["lang"] == 0.75


def test_out_of_scope_and_crisis_are_counted_apart() -> None:
    items = [Item("x", "ar", "public-oos"), Item("y", "ar", "public-oos"), Item("z", "ar", "blind-crisis", crisis=True)]
    outcomes = [Outcome(None, [], True, False, "ar"), Outcome("huisarts", [], False, False, "ar"),
                Outcome(None, [], False, True, "ar")]
    table = score(items, outcomes)
    assert table[("public-oos", "ar")]["declined"] == 0.5 and table[("public-oos", "ar")]["wrong"] == 0.5
    assert table[("blind-crisis", "ar")]["crisis"] == 1.0
    assert objective(items[:1], outcomes[:1]) > objective(items[1:2], outcomes[1:2])


def test_the_halves_do_not_overlap_and_every_set_is_there() -> None:
    dev, test = load_items("dev"), load_items("test")
    assert not {i.text for i in dev} & {i.text for i in test}
    assert {i.set for i in test} >= {"blind", "blind-crisis", "blind-oos", "heldout", "heldout-oos"}
