"""Textual's ``Footer``, without the leak of its recomposes.

Textual 8.2.8's ``Footer`` binds each ``FooterKey`` it composes to its own ``compact`` reactive
(``data_bind``), which appends ``(key, setter)`` to the footer's watcher list. The list is pruned
of closed widgets only when ``compact`` changes, which it never does here, while the footer
recomposes every time the bindings change: each detail screen opened and closed over the list
left about 14 removed ``FooterKey`` widgets (their styles, caches and render state) referenced
forever, about 300 KB an open (``benchmarks/leak_bench.py``).

This footer prunes that list of removed keys before composing new ones. The watcher list is
Textual's private state, so the pruning runs only on the Textual version it was checked against
(``pyproject.toml`` pins it); on another version the stock behaviour stays.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter

from tui.textual_version import textual_version

#: The Textual version whose watcher bookkeeping this was written against and tested with.
CHECKED_TEXTUAL = "8.2.8"


def prune_watchers(obj: object, attribute: str) -> int:
    """Drop the watchers of ``obj.attribute`` whose widget is closed or removed; how many went."""
    if textual_version() != CHECKED_TEXTUAL:
        return 0
    watchers = getattr(obj, "__watchers", None)
    entries = watchers.get(attribute) if isinstance(watchers, dict) else None
    if not isinstance(entries, list):
        return 0
    before = len(entries)
    entries[:] = [
        (node, callback)
        for node, callback in entries
        if not getattr(node, "_closing", False) and not getattr(node, "_closed", False)
        and getattr(node, "is_attached", True)
    ]
    return before - len(entries)


def shown_keys(screen: Screen[object]) -> tuple[tuple[object, ...], ...]:
    """What the footer shows for ``screen``'s bindings: each shown key with its label, action,
    group, tooltip and whether it is enabled."""
    return tuple(
        (binding.key, binding.key_display, binding.description, binding.action, binding.group,
         enabled, tooltip)
        for (_, binding, enabled, tooltip) in screen.active_bindings.values()
        if binding.show
    )


class Footer(TextualFooter):
    """Textual's footer; its recomposes leave nothing behind, and it recomposes only when the keys
    it shows changed."""

    _composed: tuple[tuple[object, ...], ...] | None = None

    def compose(self) -> ComposeResult:
        prune_watchers(self, "compact")
        if getattr(self, "_bindings_ready", True):  # Textual composes no key before that
            self._composed = shown_keys(self.screen)
        yield from super().compose()

    def bindings_changed(self, screen: Screen[object]) -> None:
        # Textual recomposes on every bindings signal (focus moves, a screen pushed, a reactive
        # binding): at start-up three or four times for the same keys, each a layout of the
        # screen that repaints the table's scrollbar too (bytes over SSH).
        if self._composed is not None and screen is self.screen and shown_keys(screen) == self._composed:
            return
        super().bindings_changed(screen)
