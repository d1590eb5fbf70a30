"""Extract: one Article in, the :class:`~kg.model.Facts` a careful reader takes from it out.

`facts.extract_facts` chains the steps: `passages` (the parts worth the model), `nlp`
(spaCy), `mentions` (gazetteer names, from `gazetteer`), `officials` (people and
posts), `events` (events and agreements), `dates` (time expressions).
"""

from kg.extract.facts import extract_facts

__all__ = ["extract_facts"]
