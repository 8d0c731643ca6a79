"""Tab 7, All fields: the complete raw response as a navigable tree, with the service model's
documentation of the highlighted field.

Fields this version has no pane for (a newer API) appear like any other, flagged "new". Children are
added when a node is first expanded, so 5,000 hyperparameters cost nothing until opened, and a
refresh updates labels in place, so expansion, cursor and scroll survive live refreshes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static, Tree
from textual.widgets.tree import TreeNode

from tui.models import derived
from tui.models.derived import Path
from tui.models.detail import FIELD_ORDER, KNOWN_FIELDS, JobView
from tui.models.timefmt import format_timestamp
from tui.widgets.detail.context import RenderContext
from tui.widgets.detail.kv_table import one_line, safe

#: Maps whose keys are user data: listed sorted, unlike structures (kept in response order).
SORTED_MAPS = frozenset(
    {
        "HyperParameters",
        "Environment",
        "HookParameters",
        "CollectionParameters",
        "RuleParameters",
        "ProfilingParameters",
    }
)
LABEL_VALUE_CHARS = 200
ENUM_SHOWN = 12


def is_masked(path: Path, ctx: RenderContext | None) -> bool:
    return len(path) >= 2 and path[0] == "Environment" and not (ctx and ctx.reveal_environment)


def scalar_text(value: Any) -> str:
    """A leaf value as the tree shows it: strings quoted (JSON style), times in UTC."""
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def child_items(value: Any, path: Path) -> list[tuple[Any, Any]]:
    """(key or index, child value) pairs of a container, in display order."""
    if isinstance(value, Mapping):
        keys = list(value)
        if not path:
            order = {name: i for i, name in enumerate(FIELD_ORDER)}
            keys.sort(key=lambda k: (order.get(k, len(order)), str(k)))
        elif path[-1] in SORTED_MAPS:
            keys.sort(key=lambda k: str(k).casefold())
        return [(k, value[k]) for k in keys]
    if isinstance(value, list | tuple):
        return list(enumerate(value))
    return []


def is_container(value: Any) -> bool:
    return isinstance(value, Mapping | list | tuple)


def node_label(key: Any, value: Any, path: Path, ctx: RenderContext | None) -> Text:
    name = f"[{key}]" if isinstance(key, int) else one_line(str(key))
    text = Text()
    text.append(name, style=ctx.palette.title if ctx and len(path) == 1 else "")
    if isinstance(value, Mapping):
        text.append(
            f"  {{{len(value)} field{'s' if len(value) != 1 else ''}}}",
            style=ctx.palette.muted if ctx else "",
        )
    elif isinstance(value, list | tuple):
        text.append(
            f"  [{len(value)} item{'s' if len(value) != 1 else ''}]", style=ctx.palette.muted if ctx else ""
        )
    elif is_masked(path, ctx):
        text.append(" = ")
        text.append(derived.MASK, style=ctx.palette.masked if ctx else "")
    else:
        shown = scalar_text(value)
        if len(shown) > LABEL_VALUE_CHARS:
            shown = shown[: LABEL_VALUE_CHARS - 1] + "…"
        shown = one_line(shown)
        text.append(" = ")
        text.append(shown)
    if len(path) == 1 and path[0] not in KNOWN_FIELDS:
        text.append("  new", style=ctx.palette.warning if ctx else "")
    if ctx is not None and ctx.is_changed(path):
        text.stylize(ctx.palette.changed)
    return text


def redact(value: Any, path: Path, ctx: RenderContext | None) -> Any:
    """A copy of ``value`` with the masked leaves (environment values) replaced by the mask."""
    if isinstance(value, Mapping):
        return {k: redact(v, (*path, k), ctx) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact(v, (*path, i), ctx) for i, v in enumerate(value)]
    return derived.MASK if is_masked(path, ctx) else value


def value_at(raw: Any, path: Path) -> Any:
    value = raw
    for step in path:
        if isinstance(value, Mapping):
            value = value.get(step)
        elif isinstance(value, list | tuple) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
        else:
            return None
    return value


class FieldTree(Tree[Path]):
    BINDINGS = [
        Binding("c", "copy_value", "Copy value", id="detail.fields-copy"),
        Binding("j", "cursor_down", "Down", id="detail.down", show=False),
        Binding("k", "cursor_up", "Up", id="detail.up", show=False),
        Binding("g", "scroll_home", "Top", id="detail.top", show=False),
        Binding("G", "scroll_end", "Bottom", id="detail.bottom", show=False),
    ]

    def action_copy_value(self) -> None:
        self.query_ancestor(FieldsPane).copy_current()

    def render_label(self, node: TreeNode[Path], base_style: Style, style: Style) -> Text:
        """The label, ending in an ellipsis where it would run past the tree's edge (the whole
        value is in the documentation box below, and ``c`` copies it): never cut silently."""
        label = super().render_label(node, base_style, style)
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 1 and label.cell_len > room:
            label.truncate(room, overflow="ellipsis")
        return label


class FieldsPane(Vertical):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._raw: Any = None
        self._ctx: RenderContext | None = None
        self._field_nodes: dict[Path, TreeNode[Path]] = {}
        self._populated: set[Path] = set()
        self._docs_ready = False

    def compose(self) -> ComposeResult:
        tree = FieldTree("DescribeTrainingJob", data=(), id="fields-tree")
        tree.show_root = False
        tree.auto_expand = True
        yield tree
        with VerticalScroll(id="fields-doc-box"):
            yield Static("Loading the field documentation…", id="fields-doc")

    @property
    def field_tree(self) -> FieldTree:
        return self.query_one(FieldTree)

    def show(self, view: JobView, ctx: RenderContext) -> None:
        self._ctx = ctx
        self._raw = view.raw
        tree = self.field_tree
        if not self._field_nodes:
            self._field_nodes[()] = tree.root
            self._populate(tree.root, ())
            tree.root.expand()
            tree.cursor_line = 0
        else:
            before = tree.cursor_node
            self._sync(tree.root, ())
            node = (
                self._field_nodes.get(before.data) if before is not None and before.data is not None else None
            )
            if node is not None and node is not before:
                # A level was rebuilt under the cursor: put it back on the same field.
                tree.call_after_refresh(tree.move_cursor, node)
        if not self._docs_ready:
            self._load_docs()
        else:
            self._show_doc()

    # -- building ---------------------------------------------------------------------------
    def _add_field(self, parent: TreeNode[Path], key: Any, value: Any, path: Path) -> None:
        label = node_label(key, value, path, self._ctx)
        if is_container(value) and len(value):
            node = parent.add(label, data=path, allow_expand=True)
        else:
            node = parent.add_leaf(label, data=path)
        self._field_nodes[path] = node

    def _populate(self, node: TreeNode[Path], path: Path) -> None:
        value = value_at(self._raw, path)
        for key, child in child_items(value, path):
            self._add_field(node, key, child, (*path, key))
        self._populated.add(path)

    def _forget(self, path: Path) -> None:
        n = len(path)
        for p in [p for p in self._field_nodes if len(p) > n and p[:n] == path]:
            del self._field_nodes[p]
        self._populated -= {p for p in self._populated if len(p) > n and p[:n] == path}

    def _sync(self, node: TreeNode[Path], path: Path) -> None:
        """Bring a populated node's children up to date in place (labels, added/removed keys)."""
        value = value_at(self._raw, path)
        items = child_items(value, path)
        wanted = [(*path, k) for k, _ in items]
        existing = [child.data for child in node.children]
        if wanted[: len(existing)] != existing:
            # Keys removed or reordered: rebuild this level (rare: lists only ever grow in practice).
            self._forget(path)
            node.remove_children()
            self._populate(node, path)
            if path and not is_container(value):
                node.allow_expand = False
            return
        for child, (key, child_value) in zip(node.children, items, strict=False):
            child_path = (*path, key)
            child.set_label(node_label(key, child_value, child_path, self._ctx))
            if child_path in self._populated:
                self._sync(child, child_path)
            child.allow_expand = is_container(child_value) and bool(len(child_value))
        for key, child_value in items[len(existing) :]:
            self._add_field(node, key, child_value, (*path, key))

    @on(Tree.NodeExpanded, "#fields-tree")
    def _node_expanded(self, event: Tree.NodeExpanded[Path]) -> None:
        path = event.node.data
        if path is not None and path not in self._populated:
            self._populate(event.node, path)

    # -- documentation ----------------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="field-docs")
    def _load_docs(self) -> None:
        from tui.models.docs import output_shape

        output_shape()  # ~50 ms of JSON parsing the first time: kept off the event loop
        self.app.call_from_thread(self._docs_loaded)

    def _docs_loaded(self) -> None:
        self._docs_ready = True
        self._show_doc()

    @on(Tree.NodeHighlighted, "#fields-tree")
    def _highlighted(self) -> None:
        if self._docs_ready:
            self._show_doc()

    def current_path(self) -> Path | None:
        node = self.field_tree.cursor_node
        return node.data if node is not None else None

    def _show_doc(self) -> None:
        from tui.models.docs import field_doc

        ctx = self._ctx
        muted = ctx.palette.muted if ctx else ""
        path = self.current_path()
        static = self.query_one("#fields-doc", Static)
        if path is None:
            static.update(Text("Move the cursor onto a field to see its documentation.", style=muted))
            return
        doc = field_doc(path)
        text = Text()
        text.append(one_line(doc.path), style=ctx.palette.title if ctx else "")
        if doc.type_name:
            text.append(f"  {doc.type_name} ({doc.shape_name})", style=muted)
        value = value_at(self._raw, path)
        if not is_container(value):
            text.append("\n")
            if is_masked(path, ctx):
                text.append(derived.MASK, style=ctx.palette.masked if ctx else "")
                text.append("  (masked: v reveals)", style=muted)
            else:
                shown = derived.pretty_value(value) if isinstance(value, str) else scalar_text(value)
                text.append(safe(shown) if shown else '""')
        if doc.enum:
            shown_enum = ", ".join(doc.enum[:ENUM_SHOWN])
            more = f" … ({len(doc.enum) - ENUM_SHOWN} more)" if len(doc.enum) > ENUM_SHOWN else ""
            text.append(f"\nValid values: {shown_enum}{more}", style=muted)
        text.append("\n\n")
        text.append(doc.text)
        static.update(text)

    def copy_current(self) -> None:
        path = self.current_path()
        if path is None:
            return
        value = value_at(self._raw, path)
        if is_masked(path, self._ctx):
            self.app.notify("Reveal the environment (v) before copying its values.", severity="warning")
            return
        if is_container(value):
            value = redact(value, path, self._ctx)
            payload = json.dumps(value, indent=2, default=scalar_text, ensure_ascii=False)
        else:
            payload = value if isinstance(value, str) else scalar_text(value)
        self.app.copy_to_clipboard(payload)
        self.app.notify(f"Copied {'.'.join(str(p) for p in path)}.", markup=False)

    def default_focus(self) -> Widget:
        """The widget the detail screen focuses when this pane is shown."""
        return self.field_tree
