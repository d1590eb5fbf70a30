"""The errors the library raises. The CLI turns them into one-line messages."""


class KgError(Exception):
    """Base of every error diplo-kg raises on purpose: its text is meant for users."""


class InputError(KgError):
    """An article, file or option value that cannot be read or understood."""


class StoreError(KgError):
    """The store cannot be opened, is locked, or refused a write."""


class QueryError(KgError):
    """A SPARQL query that is invalid or failed to run."""


class SchemaError(KgError):
    """A term that the ontology in schema/ does not define."""
