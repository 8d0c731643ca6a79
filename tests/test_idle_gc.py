"""The idle collector: CPython's full passes, as often, but not while keys are being pressed."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from tui.idle_gc import NEVER, IdleCollector


class FakeGc(SimpleNamespace):
    def __init__(self) -> None:
        super().__init__(threshold=(700, 10, 10), count=[0, 0, 0], collected=0)

    def get_threshold(self) -> tuple[int, int, int]:
        first, second, third = self.threshold
        return first, second, third

    def set_threshold(self, *values: int) -> None:
        self.threshold = values

    def get_count(self) -> tuple[int, int, int]:
        return tuple(self.count)  # type: ignore[return-value]

    def collect(self) -> int:
        self.collected += 1
        self.count = [0, 0, 0]
        return 0


def collector(now: list[float]) -> tuple[IdleCollector, FakeGc]:
    fake = FakeGc()
    idle = IdleCollector(collector=fake, monotonic=lambda: now[0])  # type: ignore[arg-type]
    idle.start()
    return idle, fake


def test_start_takes_the_full_passes_over_and_keeps_the_young_ones() -> None:
    idle, fake = collector([0.0])
    assert fake.threshold == (700, 10, NEVER)
    assert idle.every == 10


def test_a_due_pass_waits_for_a_second_without_keys() -> None:
    now = [0.0]
    idle, fake = collector(now)
    fake.count[2] = 9
    now[0] = 5.0
    assert not idle.tick() and fake.collected == 0  # not due yet
    fake.count[2] = 10
    idle.input_seen()
    now[0] = 5.5
    assert not idle.tick() and fake.collected == 0  # due, but a key was pressed 0.5 s ago
    now[0] = 6.0
    assert idle.tick() and fake.collected == 1  # a second of quiet: the pass runs
    assert not idle.tick()  # and is not due again


def test_an_overdue_pass_runs_even_while_keys_keep_coming() -> None:
    now = [0.0]
    idle, fake = collector(now)
    fake.count[2] = 49
    idle.input_seen()
    assert not idle.tick()
    fake.count[2] = 50
    assert idle.tick() and fake.collected == 1


def test_the_real_module_is_left_as_it_was(monkeypatch: Any) -> None:
    """Guard for the suite: only a fake gc module is ever reconfigured here."""
    import gc

    before = gc.get_threshold()
    collector([0.0])
    assert gc.get_threshold() == before
