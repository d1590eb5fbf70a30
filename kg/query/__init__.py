"""Query: a store in, answers out: SPARQL run and formatted (`run`), saved queries
(`saved`), network analytics (`analytics`), counts (`stats`), scores against gold files
(`evaluate`) and exports to files (`export`).
"""

from kg.query.run import format_result, run_query

__all__ = ["format_result", "run_query"]
