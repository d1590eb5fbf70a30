"""The `kg` command: parses options, calls one library function, prints its result."""

from __future__ import annotations

import sys
from typing import Any

import click

from kg import __version__
from kg.errors import KgError


class KgGroup(click.Group):
    """Turns every KgError into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as error:
            click.echo(f"Error: {error}", err=True)
            ctx.exit(1)


store_option = click.option(
    "--store", "-s", "store", envvar="KG_STORE", default=None, metavar="PATH",
    help="Store directory (or ':memory:'). Default: $KG_STORE, else ./kg-store.",
)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """diplo-kg: turn news articles about diplomacy into a knowledge graph."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to use (an installed package name).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def ingest(paths: tuple[str, ...], store: str | None, model: str | None, quiet: bool) -> None:
    """Add articles (files, directories, or - for stdin) to the store."""
    from kg.pipeline import ingest_paths
    from kg.store import open_store

    kg_store = open_store(store)
    summary = ingest_paths(kg_store, paths, model=model)
    for failure in summary.failed:
        click.echo(f"Error: {failure}", err=True)
    if not quiet or summary.failed:
        click.echo(f"{summary.line()} (store: {kg_store.location})", err=True)
    if summary.failed:
        sys.exit(1)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "query_file", type=click.Path(dir_okay=False), help="Read the query from a .rq file.")
@click.option("--format", "fmt", default="table", show_default=True,
              help="table, csv, tsv or json for SELECT/ASK; turtle, ntriples or jsonld for CONSTRUCT/DESCRIBE.")
@store_option
def query(sparql: str | None, query_file: str | None, fmt: str, store: str | None) -> None:
    """Run a SPARQL query on the store (prefixes diplo:, schema:, prov:, rdfs: ... are predeclared)."""
    from kg.errors import InputError
    from kg.query import format_result, read_query_file, run_query
    from kg.store import open_store

    if (sparql is None) == (query_file is None):
        raise InputError("give a query as an argument or with --file FILE.rq (one of the two)")
    text = read_query_file(query_file) if query_file else (sys.stdin.read() if sparql == "-" else str(sparql))
    allowed = ("table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld")
    if fmt not in allowed:
        raise InputError(f"Unknown format '{fmt}'. Choose one of: {', '.join(allowed)}.")
    click.echo(format_result(run_query(open_store(store, read_only=True), text), fmt), nl=False)


@main.command()
@click.option("--format", "fmt", default="turtle", show_default=True,
              help="turtle, trig, nquads, ntriples or jsonld.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="-", help="File to write (default stdout).")
@store_option
def export(fmt: str, output: str, store: str | None) -> None:
    """Write the store as RDF (Turtle is sorted, so exports diff well)."""
    from kg.export import check_format, export_store, export_to_file
    from kg.store import open_store

    fmt = check_format(fmt)
    kg_store = open_store(store, read_only=True)
    if output == "-":
        export_store(kg_store, fmt, sys.stdout.buffer)
    else:
        path = export_to_file(kg_store, fmt, output)
        click.echo(f"Wrote {path}", err=True)


@main.command()
@store_option
def validate(store: str | None) -> None:
    """Check the store against the SHACL shapes; exit 1 with a report if it does not conform."""
    from kg.store import open_store
    from kg.validate import validate_store

    report = validate_store(open_store(store, read_only=True))
    if report.conforms:
        click.echo(f"Conforms: {report.triples} triples checked against the SHACL shapes.")
        return
    click.echo(report.text)
    sys.exit(1)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def stats(store: str | None, fmt: str) -> None:
    """Count articles, officials, countries, organisations, events and agreements."""
    import json

    from kg.stats import compute_stats, format_stats
    from kg.store import open_store

    result = compute_stats(open_store(store, read_only=True))
    click.echo(json.dumps(result.as_dict(), indent=1) if fmt == "json" else format_stats(result), nl=fmt == "json")


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="graph.html", show_default=True)
@store_option
def viz(output: str, store: str | None) -> None:
    """Write an offline, interactive HTML graph of the store."""
    from kg.store import open_store
    from kg.view import write_graph_page

    page = write_graph_page(open_store(store, read_only=True), output)
    click.echo(f"Wrote {page.path} ({page.nodes} nodes, {page.edges} edges)", err=True)


@main.command()
@click.argument("article")
@store_option
def remove(article: str, store: str | None) -> None:
    """Drop exactly one article's graph (by file, content hash, hash prefix or IRI)."""
    from kg.pipeline import remove_article
    from kg.store import open_store

    graph = remove_article(open_store(store), article)
    click.echo(f"Removed {graph}", err=True)


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(file_okay=False))
@store_option
@click.option("--diff", is_flag=True, help="Also list every miss and every false positive.")
def evaluate(gold_dir: str, store: str | None, diff: bool) -> None:
    """Score the store against gold files (precision, recall, F1 per score)."""
    from kg.evaluate import evaluate_store, format_evaluation
    from kg.store import open_store

    click.echo(format_evaluation(evaluate_store(open_store(store, read_only=True), gold_dir), diff), nl=False)
