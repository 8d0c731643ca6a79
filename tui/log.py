"""The app's loggers: ``log = logger(__name__)``, never ``logging.getLogger`` directly.

The app's warnings reach the user once, in its own words (a notification, or one prefixed line
from a headless command); without a handler Python's last-resort one would also print every
logged warning raw onto stderr (under the TUI, onto the screen). So the ``tui`` logger gets a
``NullHandler`` before any of its loggers is used: here, the one place that makes them. ``--debug``
adds the file handler (:func:`tui.commands.common.setup_debug_logging`).

A :class:`Log` imports :mod:`logging` (about 5 ms) when it first logs, not when its module is
imported: a headless command answered from the cache (``describe``, ``list``, ``logs``,
``metrics``) never logs, and never pays for it. A test checks that no other module calls
``logging.getLogger`` for a ``tui`` logger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import logging


def _logger(name: str) -> logging.Logger:
    import logging

    package = logging.getLogger("tui")
    if not any(isinstance(handler, logging.NullHandler) for handler in package.handlers):
        package.addHandler(logging.NullHandler())
    return logging.getLogger(name)


class Log:
    """A ``logging.Logger`` made on first use (the methods the app uses). Records name the
    caller's file and line, not this class's (``stacklevel``)."""

    __slots__ = ("_made", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self._made: logging.Logger | None = None

    @property
    def made(self) -> logging.Logger:
        if self._made is None:
            self._made = _logger(self.name)
        return self._made

    def debug(self, message: str, *args: Any, **kwargs: Any) -> None:
        self.made.debug(message, *args, stacklevel=2, **kwargs)

    def info(self, message: str, *args: Any, **kwargs: Any) -> None:
        self.made.info(message, *args, stacklevel=2, **kwargs)

    def warning(self, message: str, *args: Any, **kwargs: Any) -> None:
        self.made.warning(message, *args, stacklevel=2, **kwargs)

    def error(self, message: str, *args: Any, **kwargs: Any) -> None:
        self.made.error(message, *args, stacklevel=2, **kwargs)

    def exception(self, message: str, *args: Any, **kwargs: Any) -> None:
        self.made.exception(message, *args, stacklevel=2, **kwargs)


def logger(name: str) -> Log:
    """The logger ``name`` of a module of the ``tui`` package, made when it first logs."""
    return Log(name)
