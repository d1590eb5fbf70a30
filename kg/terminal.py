"""Text on its way to a terminal or a log: control characters shown, never obeyed.

File names, article text and query answers are data. Printed raw, an escape
character clears the screen, moves the cursor or retitles the window, and a
newline in a file name forges an output line. :func:`printable` writes each
such character as a visible escape (``\\x1b``, ``\\n``, ``\\u202e``), so what
reaches the terminal is exactly one line per line the program meant.
"""

from __future__ import annotations

import re

#: C0 and C1 controls and DEL; bidirectional overrides and isolates (which reorder what is shown);
#: line and paragraph separators; lone surrogates (which cannot even be encoded).
_UNPRINTABLE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_UNPRINTABLE_BUT_NEWLINE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def printable(text: str, *, lines: bool = False) -> str:
    """`text` with every control character written as a visible escape (tabs stay tabs).

    With ``lines=True`` newlines are kept, for output made of lines (tables, reports) whose
    own cells have already been made printable.
    """
    return (_UNPRINTABLE_BUT_NEWLINE if lines else _UNPRINTABLE).sub(_escape, text)
