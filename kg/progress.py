"""A progress bar for long runs: done/total, a bar, articles/s and time left.

Written to a text stream (the CLI gives it stderr when stderr is a terminal),
redrawn in place at most a few times a second, so it costs nothing next to
the work it reports on.
"""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 24


def format_duration(seconds: float) -> str:
    """1:02:03, 4:05 or 7s."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}" if minutes else f"{secs}s"


class ProgressBar:
    """Call :meth:`update` with the number of items done; :meth:`close` at the end."""

    def __init__(self, stream: TextIO, total: int | None = None, unit: str = "articles",
                 interval: float = 0.25) -> None:
        self.stream = stream
        self.total = total
        self.unit = unit
        self.interval = interval
        self.started = time.monotonic()
        self._drawn = 0.0
        self._width = 0

    def line(self, done: int, now: float | None = None) -> str:
        """The text of the bar after `done` items."""
        elapsed = max((now if now is not None else time.monotonic()) - self.started, 1e-9)
        rate = done / elapsed
        speed = f"{rate:,.1f} {self.unit}/s"
        if not self.total:
            return f"{done:,} {self.unit}  {speed}  {format_duration(elapsed)}"
        share = min(done / self.total, 1.0)
        filled = int(share * BAR_WIDTH)
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        left = (self.total - done) / rate if rate > 0 and done < self.total else 0.0
        eta = f"ETA {format_duration(left)}" if done else "ETA ?"
        return f"{done:,}/{self.total:,} [{bar}] {share:4.0%}  {speed}  {eta}"

    def update(self, done: int) -> None:
        now = time.monotonic()
        if now - self._drawn < self.interval and done != self.total:
            return
        self._drawn = now
        text = self.line(done, now)
        self.stream.write("\r" + text + " " * max(0, self._width - len(text)))
        self.stream.flush()
        self._width = len(text)

    def close(self) -> None:
        """Erase the bar, leaving the line free for the summary."""
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0
