"""The binding ids a user's ``keymap`` may name (Textual ignores unknown ids silently)."""

from __future__ import annotations

from textual.binding import Binding
from textual.dom import DOMNode

from tui.config import AppConfig


def known_binding_ids() -> set[str]:
    """Every binding id declared by a screen or widget class of this app (or of Textual)."""
    import tui.screens.help
    import tui.screens.job_detail
    import tui.screens.job_list  # noqa: F401 - their bindings are what the keymap may name
    from tui.screens import compare, tuning_job, tuning_list  # noqa: F401

    ids: set[str] = set()
    classes: list[type[DOMNode]] = [DOMNode]
    while classes:
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        ids.update(b.id for b in cls.__dict__.get("BINDINGS", []) if isinstance(b, Binding) and b.id)
    return ids


def keymap_problems(config: AppConfig) -> list[str]:
    """One line per keymap entry whose id no binding has, at that entry's own ``file:line:col``.

    Without a keymap there is nothing to check, and the screens that declare bindings (the detail,
    compare and tuning screens load on first use) are not imported for nothing at start-up."""
    if not config.keymap:
        return []
    known = known_binding_ids()
    return [
        f"{config.where(f'keymap.{binding_id}')}: no key binding has the id {binding_id!r}; "
        "the help screen (?) lists the ids."
        for binding_id in config.keymap
        if binding_id not in known
    ]
