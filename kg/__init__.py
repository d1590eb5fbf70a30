"""diplo-kg: turn news articles about diplomacy into a knowledge graph."""

__version__ = "0.1.0"
