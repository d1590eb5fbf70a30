"""Sources: what you have (files, folders, globs, stdin, web pages, URLs, RSS/Atom feeds,
JSON Lines and CSV dumps) in, :class:`~kg.sources.article.Article` values out.

`inputs` picks a reader for each input; `html`, `feed`, `dump` and `url` read one kind
each; `article` is the article format and the Article every later stage takes.
"""

from kg.sources.inputs import SourceOptions, read_sources

__all__ = ["SourceOptions", "read_sources"]
