"""Processes: worker processes that never outlive the process that started them, and signals
that stop a run the way Ctrl-C does.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from types import FrameType

#: prctl(2) option: the signal the kernel sends this process when its parent thread ends.
_PR_SET_PDEATHSIG = 1
#: How often a worker's watchdog looks for its parent, in seconds.
WATCH_INTERVAL = 0.5


def die_with_parent(parent: int, kernel_signal: bool = True) -> None:
    """In a worker process: end it as soon as `parent` (the pid that started it) is gone.

    On Linux the kernel is asked to SIGKILL the worker when its parent dies; that signal fires
    when the *thread* that started the worker ends, so pass ``kernel_signal=False`` when that
    thread may end before the parent does. A watchdog thread checks every half second as well
    (everywhere, and whatever the worker is doing, since the model and the store release the
    interpreter lock while they work).
    """
    if kernel_signal and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)  # the parent died before the kernel was asked

    def watch() -> None:
        while True:
            time.sleep(WATCH_INTERVAL)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="die-with-parent", daemon=True).start()


def ignore_stop_signals() -> None:
    """In a worker process: leave Ctrl-C and SIGTERM to the parent, which stops the workers itself."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


@contextlib.contextmanager
def terminate_as_interrupt() -> Iterator[None]:
    """Within this block SIGTERM (``kill``, a service manager stopping the job) raises
    KeyboardInterrupt, as Ctrl-C does, so a run stops the same clean way. Only the main
    thread can take signals; elsewhere this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    caught: list[int] = []

    def interrupt(signum: int, frame: FrameType | None) -> None:
        caught.append(signum)
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
    # here only when the block ended without an exception: an interrupt raised where Python
    # ignores exceptions (a weakref callback, a __del__: "Exception ignored in ...") was lost,
    # and the run would go on as if never stopped
    if caught:
        raise KeyboardInterrupt(f"signal {caught[0]}")


@contextlib.contextmanager
def uninterrupted() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while a commit runs: one that comes meanwhile is noted and
    raised as KeyboardInterrupt when the block ends, so a commit is never cut short by a signal
    (only a SIGKILL or a crash can, and the store's transactions and the summary notes cover those)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    held: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        held.append(signum)

    previous = {signum: signal.signal(signum, note) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if held:
        raise KeyboardInterrupt(f"signal {held[0]}")
