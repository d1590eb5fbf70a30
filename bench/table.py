"""The Markdown table every benchmark prints: one row per measure, its figure and its ratio."""

from __future__ import annotations

HEADER = ("measure", "figure", "ratio")


def print_table(rows: list[tuple[str, str, str]]) -> None:
    widths = [max(len(row[i]) for row in [*rows, HEADER]) for i in range(3)]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) + " |")
