"""Telling the user a watched job has ended: what to say and the bytes that say it (pure).

A terminal notification is three things, all through the terminal the app already owns (no
daemon, no extra dependency, and it works over SSH):

* the bell (BEL), which most terminals and tmux turn into a sound, a flag or an urgency hint;
* OSC 9 (iTerm2, WezTerm, Windows Terminal, kitty, foot ...) and OSC 777 ``notify`` (rxvt-unicode,
  VTE terminals such as GNOME Terminal, Ghostty): a desktop notification with the text;
* inside tmux, the OSC sequences are wrapped for passthrough (``ESC P tmux; ... ESC \\``, the
  ESCs inside doubled), which tmux forwards to the outer terminal when ``allow-passthrough`` is on,
  and a ``tmux display-message`` shows the text in the status line whatever that option says.

Job names and statuses come from the API: every control character, bidi control and invisible mark
is dropped (an ESC or BEL in a name would end the sequence early and let the rest reach the
terminal as commands), ``;`` is replaced where it separates OSC 777's fields, and the text is cut
to a length every terminal accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tui.aws.statuses import TERMINAL_STATUSES
from tui.safe_text import drop_unsafe

BEL = "\a"
ESC = "\x1b"
#: String terminator (ESC \): ends a DCS (tmux passthrough).
ST = "\x1b\\"
#: Longest text put in a notification (terminals cut or refuse long OSC payloads).
MAX_TEXT = 200
#: Secondary statuses that say a running job was interrupted (managed spot reclaimed the instances).
INTERRUPTED_SECONDARY = frozenset({"Interrupted"})


def clean(text: str, *, limit: int = MAX_TEXT) -> str:
    """``text`` safe inside an OSC payload: no control characters at all, one line, cut to ``limit``."""
    text = drop_unsafe(text.replace("\n", " ").replace("\t", " ")).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def osc9(body: str) -> str:
    """OSC 9: a desktop notification with ``body`` (BEL-terminated, the form most terminals read)."""
    return f"{ESC}]9;{clean(body)}{BEL}"


def osc777(title: str, body: str) -> str:
    """OSC 777 ``notify;title;body``; ``;`` in the title would start the body, so it becomes ``,``."""
    return f"{ESC}]777;notify;{clean(title).replace(';', ',')};{clean(body)}{BEL}"


def tmux_passthrough(sequence: str) -> str:
    """``sequence`` wrapped so tmux (with ``allow-passthrough on``) hands it to the outer terminal."""
    return f"{ESC}Ptmux;{sequence.replace(ESC, ESC + ESC)}{ST}"


def in_tmux(environ: Mapping[str, str]) -> bool:
    return bool(environ.get("TMUX"))


def terminal_sequences(title: str, body: str, *, tmux: bool) -> str:
    """Bell, OSC 9 and OSC 777, the OSCs wrapped for tmux when inside it (the bell is tmux's own)."""
    oscs = [osc9(f"{title}: {body}"), osc777(title, body)]
    if tmux:
        oscs = [tmux_passthrough(sequence) for sequence in oscs]
    return BEL + "".join(oscs)


def tmux_message_argv(text: str) -> list[str]:
    """``tmux display-message TEXT``: ``#`` doubled, as tmux reads the text as a format."""
    return ["tmux", "display-message", clean(text).replace("#", "##")]


@dataclass(frozen=True)
class Outcome:
    """Why a watched job deserves a notification."""

    name: str
    #: "Completed", "Failed", "Stopped" or "Interrupted".
    what: str
    #: The secondary status (MaxRuntimeExceeded for a job stopped by its time limit ...).
    secondary: str

    @property
    def title(self) -> str:
        return f"SageMaker job {self.what.lower()}"

    @property
    def body(self) -> str:
        extra = f" ({self.secondary})" if self.secondary and self.secondary != self.what else ""
        return f"{self.name}: {self.what}{extra}"


def outcome(
    name: str,
    previous: tuple[str, str] | None,
    current: tuple[str, str],
) -> Outcome | None:
    """What changed between two observations (status, secondary status) of a watched job that is
    worth telling: it reached Completed, Failed or Stopped, or its secondary status became
    Interrupted. None when nothing new (the same state seen twice never notifies twice).

    ``previous`` None: the first observation, which notifies only if the job has already ended
    (watching a finished job tells at once that it is finished)."""
    status, secondary = current
    if previous == current:
        return None
    if status in TERMINAL_STATUSES:
        if previous is not None and previous[0] == status:
            return None
        return Outcome(name, status, secondary)
    if secondary in INTERRUPTED_SECONDARY and (previous is None or previous[1] != secondary):
        return Outcome(name, "Interrupted", secondary)
    return None


def newly_failed(
    before: Mapping[str, str], after: list[tuple[str, str, str]]
) -> list[Outcome]:
    """Jobs of a list refresh that are Failed now and were not before (``before``: name -> status
    as the list held it, a job it did not hold counts as new). ``after``: (name, status, secondary)."""
    return [
        Outcome(name, "Failed", secondary)
        for name, status, secondary in after
        if status == "Failed" and before.get(name) != "Failed"
    ]
