"""A timer thread in the kernel: call a function every few seconds until told to stop.

Used by notebook 07's live team picture and by the export panel's live share. The
thread is a daemon (it never keeps a kernel from shutting down), every running ticker
is stopped when the interpreter exits, and each stops by itself after ``lifetime``
seconds, so that a page closed in JupyterLab (whose kernel lives on) does not poll the
disk all day, and keeps the server's idle culler able to stop the kernel.

Widget updates are sent only when a value changes (traitlets), so a ticker that finds
nothing new sends nothing to the browser.

Imports only the standard library; must not import ipywidgets, nbconvert or sqlite3.
"""

from __future__ import annotations

import atexit
import threading
import time
import weakref
from collections.abc import Callable

#: Four hours: longer than any workshop session.
DEFAULT_LIFETIME = 4 * 3600.0

_RUNNING: weakref.WeakSet[Ticker] = weakref.WeakSet()


class Ticker:
    """Calls ``tick()`` every ``interval`` seconds in a daemon thread.

    ``on_error(exc)`` receives anything ``tick`` raises (the ticker goes on);
    ``on_expire()`` is called once when ``lifetime`` has passed (the ticker then stops).
    """

    def __init__(
        self,
        tick: Callable[[], None],
        interval: float,
        *,
        lifetime: float = DEFAULT_LIFETIME,
        on_error: Callable[[BaseException], None] | None = None,
        on_expire: Callable[[], None] | None = None,
        name: str = "leadlib-ticker",
    ) -> None:
        self.tick = tick
        self.interval = interval
        self.lifetime = lifetime
        self.on_error = on_error
        self.on_expire = on_expire
        self.name = name
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        """Start the thread (nothing if it runs already)."""
        if self.running:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        _RUNNING.add(self)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the thread and wait for it (at most ``timeout`` seconds); a tick under
        way finishes first. Safe to call from the tick itself and more than once."""
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)
        _RUNNING.discard(self)

    def _run(self) -> None:
        deadline = time.monotonic() + self.lifetime
        stop = self._stop
        while not stop.wait(self.interval):
            if time.monotonic() >= deadline:
                stop.set()
                if self.on_expire is not None:
                    try:
                        self.on_expire()
                    except Exception as exc:
                        if self.on_error is not None:
                            self.on_error(exc)
                break
            try:
                self.tick()
            except Exception as exc:  # reported by the owner, never a dead thread
                if self.on_error is not None:
                    self.on_error(exc)
        _RUNNING.discard(self)


def stop_all() -> None:
    """Stop every running ticker (at interpreter exit, and in tests)."""
    for ticker in list(_RUNNING):
        ticker.stop(timeout=2.0)


atexit.register(stop_all)

__all__ = ["DEFAULT_LIFETIME", "Ticker", "stop_all"]
