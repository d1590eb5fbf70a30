"""Checks on SPARQL text before any engine parses it, each one pass from left to right.

A query is untrusted input (from `kg query -f`, from any client of `kg serve`), so
nothing here may take more than linear time in its length, whatever it holds: an
unclosed string of a million escaped quotes is read once, not once per quote (a
regular expression with alternatives backtracked over that for fifty minutes).
The nesting limit keeps brackets nested 50,000 deep from the SPARQL parser, which
recurses per bracket and overflows its stack (the process dies with SIGSEGV).
"""

from __future__ import annotations

from kg.errors import QueryError

#: Brackets ( { [ a query may nest at most; real queries nest a handful, the parser's stack ends near 2,000.
MAX_NESTING = 256
_OPEN, _CLOSE = "({[", ")}]"
#: Characters that cannot appear in an IRI reference <...> (SPARQL's IRIREF).
_NOT_IN_IRI = frozenset('<>"{}|^`\\ \t\r\n')


def _skip_string(text: str, start: int) -> int:
    """The index just past the string literal opening at `start` (or the end of the text)."""
    quote = text[start]
    end = len(text)
    if text.startswith(quote * 3, start):
        i = start + 3
        while i < end:
            if text[i] == "\\":
                i += 2
            elif text.startswith(quote * 3, i):
                return i + 3
            else:
                i += 1
        return end
    i = start + 1
    while i < end:
        char = text[i]
        if char == "\\":
            i += 2
        elif char == quote:
            return i + 1
        elif char == "\n":  # short strings end at the line: an unclosed one takes no more
            return i
        else:
            i += 1
    return end


def _skip_iri(text: str, start: int) -> int:
    """The index just past the IRI <...> opening at `start`, or `start` when '<' is an operator.
    The scan stops at the first character no IRI holds, so no character is scanned twice."""
    i = start + 1
    end = len(text)
    while i < end and text[i] not in _NOT_IN_IRI:
        i += 1
    return i + 1 if i < end and text[i] == ">" else start


def code_of(sparql: str) -> str:
    """The query with its strings, IRIs and comments blanked out (each character a space, newlines
    kept, so what is left stays at its line and column), so that keywords, prefixes and brackets
    can be looked for in what is left."""
    out: list[str] = []
    i, end = 0, len(sparql)
    while i < end:
        char = sparql[i]
        if char == "#":
            stop = sparql.find("\n", i)
            stop = end if stop < 0 else stop
        elif char in "\"'":
            stop = _skip_string(sparql, i)
        elif char == "<":
            stop = _skip_iri(sparql, i)
            if stop == i:
                out.append(char)
                i += 1
                continue
        else:
            stop = i + 1
            while stop < end and sparql[stop] not in "#\"'<":
                stop += 1
            out.append(sparql[i:stop])
            i = stop
            continue
        blanked = sparql[i:stop]
        out.append(" " * len(blanked) if "\n" not in blanked else "".join("\n" if c == "\n" else " " for c in blanked))
        i = stop
    return "".join(out)


def nesting_depth(sparql: str) -> int:
    """How deep the query's brackets ( { [ nest, strings, IRIs and comments aside."""
    depth = deepest = 0
    for char in code_of(sparql):
        if char in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif char in _CLOSE:
            depth = max(0, depth - 1)
    return deepest


def check_nesting(sparql: str, limit: int = MAX_NESTING) -> None:
    """Refuse a query whose brackets nest deeper than `limit` before a parser recurses into them."""
    depth = nesting_depth(sparql)
    if depth > limit:
        raise QueryError(f"the query nests brackets {depth} deep; the limit is {limit}")
