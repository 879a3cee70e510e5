"""View ▸ Back / Forward as a pure history: a bounded list of views with a cursor. No Qt."""

from __future__ import annotations

from viewer.core.history import View, ViewHistory


def a_view(lo: float, hi: float = None, selected: str | None = None) -> View:
    return View(((lo, lo + 10.0 if hi is None else hi), (0.0, 9.0)), selected)


def test_back_returns_each_earlier_view_and_forward_redoes_them():
    history = ViewHistory(a_view(0))
    for lo in (10, 20, 30):
        assert history.record(a_view(lo))
    assert [history.back(), history.back(), history.back()] == [a_view(20), a_view(10), a_view(0)]
    assert history.back() is None and not history.can_go_back()
    assert [history.forward(), history.forward(), history.forward()] == [a_view(10), a_view(20), a_view(30)]
    assert history.forward() is None and not history.can_go_forward()


def test_a_new_view_after_back_drops_the_views_ahead():
    history = ViewHistory(a_view(0))
    history.record(a_view(10))
    history.record(a_view(20))
    history.back()
    history.back()
    assert history.can_go_forward()
    history.record(a_view(99))
    assert not history.can_go_forward()
    assert history.back() == a_view(0)
    assert history.forward() == a_view(99)
    assert len(history) == 2


def test_the_view_back_just_restored_is_not_a_new_entry():
    history = ViewHistory(a_view(0))
    history.record(a_view(10))
    restored = history.back()
    # the panes report the restored range back with float noise
    assert not history.record(View(((restored.ranges[0][0] + 1e-12, restored.ranges[0][1]), restored.ranges[1])))
    assert history.can_go_forward(), "the way forward is kept"


def test_a_burst_of_moves_becomes_one_entry_once_the_view_is_still():
    history = ViewHistory(a_view(0), still_seconds=0.4)
    for step, at in enumerate((0.0, 0.05, 0.1, 0.15, 0.2)):  # wheel steps 50 ms apart
        history.moved(a_view(step + 1), at)
        assert not history.settle(at)
    assert not history.settle(0.5), "only 0.3 s still"
    assert abs(history.settle_in(0.5) - 0.1) < 1e-9
    assert history.settle(0.61)
    assert len(history) == 2 and history.current == a_view(5)
    assert history.settle_in(0.7) is None


def test_back_during_a_move_goes_to_the_view_before_the_move():
    history = ViewHistory(a_view(0))
    history.moved(a_view(7), 1.0)
    assert history.can_go_back() and not history.can_go_forward()
    assert history.back() == a_view(0)
    assert history.forward() == a_view(7)


def test_a_selection_is_an_entry_at_once_and_takes_the_move_with_it():
    history = ViewHistory(a_view(0))
    history.moved(a_view(5), 0.0)
    assert history.selected(a_view(5, selected="iris"))
    assert not history.settle(10.0), "the move went in with the selection"
    assert history.back() == a_view(0)


def test_the_history_keeps_only_its_limit_dropping_the_oldest():
    history = ViewHistory(a_view(0), limit=5)
    for lo in range(1, 20):
        history.record(a_view(lo))
    assert len(history) == 5
    backs = []
    while (view := history.back()) is not None:
        backs.append(view)
    assert backs == [a_view(18), a_view(17), a_view(16), a_view(15)]


def test_a_new_dataset_starts_the_history_again():
    history = ViewHistory(a_view(0))
    history.record(a_view(1))
    history.moved(a_view(2), 0.0)
    history.reset(a_view(100))
    assert not history.can_go_back() and not history.can_go_forward()
    assert not history.settle(99.0)
    assert history.current == a_view(100)


def test_views_differing_only_in_selection_are_different_entries():
    history = ViewHistory(a_view(0))
    assert history.selected(a_view(0, selected="a"))
    assert history.selected(a_view(0, selected="b"))
    assert not history.selected(a_view(0, selected="b"))
    assert history.back() == a_view(0, selected="a")
