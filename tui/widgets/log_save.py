"""The Logs tab's `s`: save the lines shown, or the whole log, to a file (a mixin of the log pane).

The path is asked first (an existing file is overwritten only after `y`); then, when the lines
shown are not the whole log (a host or filter narrows them, older lines are not loaded, lines were
dropped past the in-memory cap, or the job still runs), which: ``l`` the lines shown, ``w`` the whole
log, every host, unfiltered. The whole log is read in a worker from the cache when it holds it all,
else from CloudWatch Logs (every stream from its head, one request a second), with the count read so
far in the pane's header. A file is never overwritten without the `y`: without it the file is
created exclusively, so one that appeared meanwhile is left alone.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from textual import work
from textual.widgets import Input

from tui.aws.logs import LogEvent
from tui.models.log_text import iso_ms

#: Seconds between GetLogEvents pages of a whole-log save (one view: at most 1 request a second).
SAVE_PACE = 1.0


def log_lines(events: Iterable[LogEvent]) -> list[str]:
    """The saved form: ``<ISO time> <host> <message>`` a line, as `sagemaker-tui logs` prints it."""
    return [f"{iso_ms(e.timestamp)} {e.host} {e.message}\n" for e in events]


class LogSaveMixin:
    """Needs the pane's ``job``, ``view``, ``buffer``, ``host``, ``filter_text``, ``_read_to_end``,
    ``_repository()``, ``_render_header()`` and its prompt (``#log-input``, ``prompt_mode``)."""

    _pending_save: Path | None
    _pending_overwrite: bool
    #: Lines read so far by a whole-log save (None: no save running), for the header.
    save_progress: int | None

    @property
    def _pane(self) -> Any:
        """The log pane this is mixed into (its widget methods and state, untyped here)."""
        return self

    def _prompt(self, mode: str, placeholder: str) -> None:
        self._pane.prompt_mode = mode
        prompt = self._pane.query_one("#log-input", Input)
        prompt.placeholder = placeholder
        prompt.value = ""
        prompt.add_class("-shown")
        prompt.focus()

    def _ask_save(self, text: str) -> None:
        if not text:
            return
        target = Path(text).expanduser()
        if target.is_dir():
            target = target / f"{self._pane.job}.log"
        if target.exists():
            self._pending_save = target
            self._prompt("overwrite", f"{target} exists: overwrite? (y/N, Enter)")
            return
        self._choose_scope(target, overwrite=False)

    def _overwrite_answered(self, answer: str) -> None:
        target, self._pending_save = self._pending_save, None
        if target is not None and answer.strip().lower() in ("y", "yes"):
            self._choose_scope(target, overwrite=True)
        else:
            self._pane.notify("Not saved.")

    def _whole_log_shown(self) -> bool:
        """The lines shown are the job's whole log (then there is nothing to choose)."""
        pane = self._pane
        return (
            pane.host is None and not pane.filter_text and pane.buffer.dropped == 0
            and pane._read_to_end and not pane._repository().has_older(pane.job)
        )

    def _choose_scope(self, target: Path, *, overwrite: bool) -> None:
        if self._whole_log_shown():
            self._save(target, overwrite=overwrite)
            return
        self._pending_save, self._pending_overwrite = target, overwrite
        shown = len(self._pane.view.rows)
        self._prompt(
            "scope", f"Save l = the {shown:,} lines shown, w = the whole log (every host, unfiltered) "
            "(l/w, Enter = l)",
        )

    def _scope_answered(self, answer: str) -> None:
        target, self._pending_save = self._pending_save, None
        if target is None:
            return
        if answer.strip().lower() in ("w", "whole"):
            self._save_whole(target, self._pending_overwrite)
        else:
            self._save(target, overwrite=self._pending_overwrite)

    def _save(self, target: Path, *, overwrite: bool = False) -> None:
        view = self._pane.view
        buffer = view.buffer
        lines = [f"{iso_ms(buffer.timestamps[n])} {buffer.hosts[buffer.host_ids[n]]} "
                 f"{buffer.messages[n]}\n" for n in view.rows]
        self._write_file(target, lines, overwrite)

    @work(thread=True, exit_on_error=False, group="logs-save")
    def _write_file(self, target: Path, lines: list[str], overwrite: bool = False) -> None:
        self._write(target, lines, overwrite)

    def _write(self, target: Path, lines: list[str], overwrite: bool) -> None:
        app = self._pane.app
        try:
            # "x" unless the user said y: a file that appeared since the question is not clobbered.
            with open(target, "w" if overwrite else "x", encoding="utf-8", errors="surrogateescape") as out:
                out.writelines(lines)
        except FileExistsError:
            app.call_from_thread(self._pane.notify, f"Not saved: {target} exists now.", severity="warning")
            return
        except OSError as exc:
            message = f"Could not save {target}: {exc.strerror}"
            app.call_from_thread(self._pane.notify, message, severity="error")
            return
        app.call_from_thread(self._pane.notify, f"Saved {len(lines):,} lines to {target}.")

    @work(thread=True, exclusive=True, exit_on_error=False, group="logs-save-whole")
    def _save_whole(self, target: Path, overwrite: bool) -> None:
        app = self._pane.app
        job = self._pane.job

        def progress(count: int) -> None:
            app.call_from_thread(self._save_progress, count)

        progress(0)
        update = self._pane._repository().whole(job, pause=lambda: time.sleep(SAVE_PACE), progress=progress)
        app.call_from_thread(self._save_progress, None)
        if update.error is not None:
            message = f"Not saved: {update.error}"
            app.call_from_thread(self._pane.notify, message, severity="error", markup=False)
            return
        self._write(target, log_lines(update.events), overwrite)

    def _save_progress(self, count: int | None) -> None:
        self.save_progress = count
        self._pane._render_header()
