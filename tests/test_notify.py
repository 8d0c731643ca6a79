"""tui/notify.py: the notification bytes (hostile names cannot escape the OSC payload) and when a
watched job's change is worth telling."""

from __future__ import annotations

import pytest

from tui.notify import (
    Outcome,
    clean,
    newly_failed,
    osc9,
    osc777,
    outcome,
    terminal_sequences,
    tmux_message_argv,
    tmux_passthrough,
)

HOSTILE = "job\x1b]52;c;ZXZpbA==\a\x07;x\x9b2J\u202e#{pane_id}\nnext"


def test_clean_drops_every_control_character_and_keeps_one_line() -> None:
    text = clean(HOSTILE)
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in text)
    assert "\u202e" not in text and "\n" not in text
    assert text == "job]52;c;ZXZpbA==;x2J#{pane_id} next"


def test_osc_payloads_end_only_where_they_should() -> None:
    for sequence in (osc9(HOSTILE), osc777(HOSTILE, HOSTILE)):
        assert sequence.count("\x1b") == 1 and sequence.count("\a") == 1 and sequence.endswith("\a")
    # A ';' in the title would start OSC 777's body early.
    assert osc777("a;b", "c;d") == "\x1b]777;notify;a,b;c;d\a"
    assert len(osc9("x" * 1000)) < 220


def test_tmux_passthrough_doubles_the_escapes_inside() -> None:
    assert tmux_passthrough("\x1b]9;hi\a") == "\x1bPtmux;\x1b\x1b]9;hi\a\x1b\\"
    plain = terminal_sequences("T", "B", tmux=False)
    assert plain == "\a\x1b]9;T: B\a\x1b]777;notify;T;B\a"
    wrapped = terminal_sequences("T", "B", tmux=True)
    assert wrapped.startswith("\a\x1bPtmux;") and wrapped.count("\x1b\\") == 2


def test_tmux_message_doubles_hashes_and_is_one_argument() -> None:
    argv = tmux_message_argv(HOSTILE)
    assert argv[:2] == ["tmux", "display-message"] and len(argv) == 3
    assert "##{pane_id}" in argv[2] and "\x1b" not in argv[2]


@pytest.mark.parametrize(
    ("previous", "current", "what"),
    [
        (("InProgress", "Training"), ("Completed", "Completed"), "Completed"),
        (("InProgress", "Training"), ("Failed", "Failed"), "Failed"),
        (("Stopping", "Stopping"), ("Stopped", "Stopped"), "Stopped"),
        (("InProgress", "Training"), ("Stopped", "MaxRuntimeExceeded"), "Stopped"),
        (("InProgress", "Training"), ("InProgress", "Interrupted"), "Interrupted"),
        (("InProgress", "Interrupted"), ("InProgress", "Interrupted"), None),
        (("InProgress", "Training"), ("InProgress", "Uploading"), None),
        (("Failed", "Failed"), ("Failed", "Failed"), None),
        (None, ("InProgress", "Training"), None),
    ],
)
def test_outcome(previous: tuple[str, str] | None, current: tuple[str, str], what: str | None) -> None:
    found = outcome("j", previous, current)
    assert (found.what if found else None) == what


def test_outcome_text() -> None:
    found = Outcome("j", "Stopped", "MaxRuntimeExceeded")
    assert (found.title, found.body) == ("SageMaker job stopped", "j: Stopped (MaxRuntimeExceeded)")


def test_newly_failed_counts_jobs_new_to_the_list_but_not_known_failures() -> None:
    found = newly_failed(
        {"a": "InProgress", "b": "Failed"},
        [("a", "Failed", "Failed"), ("b", "Failed", "Failed"), ("c", "Failed", "Failed"),
         ("d", "Completed", "")],
    )
    assert [o.name for o in found] == ["a", "c"]
