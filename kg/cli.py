"""The `kg` command: parses options, calls one library function, prints its result."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from kg import __version__
from kg.errors import KgError
from kg.terminal import printable


def echo(text: str, *, err: bool = False, lines: bool = False, nl: bool = True) -> None:
    """Print a message or a report with its control characters shown, never obeyed
    (`lines`: keep its newlines, for output made of lines whose cells are already printable)."""
    click.echo(printable(text, lines=lines), err=err, nl=nl)


def echo_data(text: str) -> None:
    """Print data (CSV, JSON, RDF) on stdout as it is, but made printable when stdout is a terminal."""
    click.echo(printable(text, lines=True) if sys.stdout.isatty() else text, nl=False)


class KgGroup(click.Group):
    """Turns every KgError into one line on stderr and exit status 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as error:
            echo(f"Error: {error}", err=True)
            ctx.exit(1)


store_option = click.option(
    "--store", "-s", "store", envvar="KG_STORE", default=None, metavar="PATH|URL",
    help="Store directory, ':memory:', or the http(s) URL of a SPARQL endpoint. Default: $KG_STORE, else ./kg-store.",
)


@click.group(cls=KgGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """diplo-kg: turn news articles about diplomacy into a knowledge graph."""


def _open_for_reading(store: str | None) -> Any:
    """The store, read-only; a store in the layout before 0.2 gets a one-line warning on stderr."""
    from kg.graph.migrate import layout_warning
    from kg.store import open_store

    kg_store = open_store(store, read_only=True)
    warning = layout_warning(kg_store)
    if warning:
        echo(f"Warning: {warning}", err=True)
    return kg_store


QUERY_FORMATS = ("table", "csv", "tsv", "json", "turtle", "ntriples", "jsonld")


def _complete(values: Any) -> Any:
    """A shell_complete callback offering `values` (a tuple, or a function giving one)."""
    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(v) for v in (values() if callable(values) else values) if v.startswith(incomplete)]

    return complete


def _saved_query_names() -> tuple[str, ...]:
    from kg.query.saved import saved_queries

    return tuple(saved_queries())


def source_options(command: Any) -> Any:
    """The options that say how to read inputs and run extraction (ingest and extract share them)."""
    options = [
        click.option("--model", default=None, metavar="NAME",
                     help="spaCy pipeline to use (an installed package name)."),
        click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
                     help="Extract in this many worker processes."),
        click.option("--format", "input_format", default=None, metavar="FORMAT",
                     help="What the inputs hold: article, html, feed, jsonl or csv. Default: by name or content."),
        click.option("--text-field", default="text", show_default=True,
                     help="Dump field (JSON key, CSV column) of the text."),
        click.option("--title-field", default="title", show_default=True, help="Dump field of the title."),
        click.option("--date-field", default="date", show_default=True, help="Dump field of the publication date."),
        click.option("--url-field", default="url", show_default=True, help="Dump field of the article's URL."),
        click.option("--timeout", default=20.0, show_default=True,
                     help="Seconds a whole download (a URL, or a link in a feed) may take."),
        click.option("--allow-private", is_flag=True,
                     help="Let links found inside fetched content (feed items) reach private, loopback and "
                          "link-local addresses."),
        click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors (no progress bar, no summary)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _read_options(input_format: str | None, text_field: str, title_field: str, date_field: str, url_field: str,
                  timeout: float, allow_private: bool) -> Any:
    from kg.sources.dump import DumpFields
    from kg.sources.inputs import SourceOptions

    return SourceOptions(format=input_format, timeout=timeout, allow_private=allow_private,
                         fields=DumpFields(text=text_field, title=title_field, date=date_field, url=url_field))


def _progress_bar(paths: tuple[str, ...], options: Any, quiet: bool) -> Any:
    """A progress bar on stderr when stderr is a terminal and not --quiet, else None."""
    if quiet or not sys.stderr.isatty():
        return None
    from kg.progress import ProgressBar
    from kg.sources.inputs import count_inputs

    return ProgressBar(sys.stderr, total=count_inputs(paths, options))


def _report(summary: Any, quiet: bool, line: str | None) -> None:
    for failure in summary.failed:
        echo(f"Error: {failure}", err=True)
    if line is not None and (not quiet or summary.failed or summary.interrupted):
        echo(line, err=True)
    if summary.interrupted:
        echo("Interrupted: run the same command again to carry on where this one stopped.", err=True)
        sys.exit(130)
    if summary.failed:
        sys.exit(1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@store_option
@source_options
@click.option("--no-merge", is_flag=True, help="Keep every report of an event as an event of its own.")
@click.option("--merge-min-countries", type=click.IntRange(1, 10), default=2, show_default=True,
              help="Countries two reports must share to be taken as one event.")
@click.option("--summary-format", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="json: the summary (added, unchanged, failed, graphs) as JSON on stdout.")
def ingest(paths: tuple[str, ...], store: str | None, model: str | None, jobs: int, input_format: str | None,
           text_field: str, title_field: str, date_field: str, url_field: str, timeout: float, allow_private: bool,
           quiet: bool, no_merge: bool, merge_min_countries: int, summary_format: str) -> None:
    """Add articles to the store: files, directories, globs, http(s) URLs (pages, feeds), dumps
    (.jsonl, .csv, gzip or not), or - for stdin. Articles already there are skipped; a report of
    an event the store already holds joins that event (see kg explain)."""
    from kg.graph.merge import MergeOptions
    from kg.pipeline import ingest_paths
    from kg.store import open_store

    options = _read_options(input_format, text_field, title_field, date_field, url_field, timeout, allow_private)
    merge = MergeOptions(enabled=not no_merge, min_shared_countries=merge_min_countries)
    kg_store = open_store(store)
    progress = _progress_bar(paths, options, quiet)
    try:
        summary = ingest_paths(kg_store, paths, model=model, jobs=jobs, options=options, merge=merge,
                               on_progress=progress.update if progress else None)
    finally:
        if progress:
            progress.close()
    location = kg_store.location
    del kg_store  # close the store now: the exit below keeps this frame, and so the store's lock, alive
    if summary_format == "json":
        echo_data(json.dumps({**summary.as_dict(), "store": location}, indent=1, ensure_ascii=False) + "\n")
    _report(summary, quiet, f"{summary.line()} (store: {location})" if summary_format == "text" else None)


@main.command()
@click.argument("files", nargs=-1, required=True)
@store_option
@click.option("--isql", default=None, envvar="KG_ISQL", metavar="[USER@]HOST:PORT",
              help="Virtuoso's SQL port, for its bulk loader (used when the server can read the files: same "
                   "machine, a directory in its DirsAllowed). Default: $KG_ISQL; the user defaults to dba, the "
                   "password to $KG_ISQL_PASSWORD, else dba (USER:PASSWORD@ works too, but a command line is public).")
@click.option("--via", "method", type=click.Choice(["auto", "loader", "http"]), default="auto", show_default=True,
              help="auto: Virtuoso's bulk loader when it can read the files, else SPARQL updates over HTTP; "
                   "loader: the bulk loader or an error; http: SPARQL updates.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def load(files: tuple[str, ...], store: str | None, isql: str | None, method: str, quiet: bool) -> None:
    """Bulk-load N-Quads files (.nq, .nq.gz: kg extract output) into the store, then bring the
    merged-event summaries and pair rollups up to date: for what was loaded, into a store holding
    at least twice the articles loaded; else over the whole store. Every file is checked first: a
    bad one loads nothing."""
    from kg.store import open_store
    from kg.store.load import load_files

    kg_store = open_store(store)
    summary = load_files(kg_store, files, isql=isql, method=method)
    location = kg_store.location
    del kg_store
    if not quiet:
        echo(f"{summary.line()} (store: {location})", err=True)


@main.command()
@click.argument("event")
@store_option
def explain(event: str, store: str | None) -> None:
    """Show the reports merged into one event (its IRI, or the end of it) and why each was merged."""
    from kg.graph.merge import explain_event, find_event, format_reports

    kg_store = _open_for_reading(store)
    iri = find_event(kg_store, event)
    echo(format_reports(iri, explain_event(kg_store, iri)), lines=True, nl=False)


@main.command()
@click.argument("paths", nargs=-1)
@source_options
@click.option("--dask", "dask", default=None, metavar="N|ADDRESS",
              help="Extract JSON Lines dumps (PATHS: files or globs) on Dask: N local worker processes, or the "
                   "tcp:// address of a scheduler; writes part-NNNNN.nq.gz files into --output-dir.")
@click.option("--output-dir", "-o", default=None, type=click.Path(file_okay=False),
              help="With --dask: an empty (or new) directory for the part files.")
@click.option("--partition-lines", default=200, show_default=True, type=click.IntRange(1),
              help="With --dask: lines of a dump per partition (per task, per part file).")
def extract(paths: tuple[str, ...], model: str | None, jobs: int, input_format: str | None, text_field: str,
            title_field: str, date_field: str, url_field: str, timeout: float, allow_private: bool,
            quiet: bool, dask: str | None, output_dir: str | None, partition_lines: int) -> None:
    """Write N-Quads on stdout, one named graph per article, from JSON Lines on stdin (or PATHS).

    The graphs are those ingest would store, for loading into a SPARQL server (kg load) or for
    running under GNU parallel, Spark or Dask; --dask runs it on a Dask cluster itself."""
    from kg.pipeline import extract_to_nquads

    options = _read_options(input_format, text_field, title_field, date_field, url_field, timeout, allow_private)
    if dask is not None or output_dir is not None:
        _extract_on_dask(paths, dask, output_dir, partition_lines, model, options, quiet)
        return
    paths = paths or ("-",)
    progress = _progress_bar(paths, options, quiet)
    try:
        summary = extract_to_nquads(paths, click.get_binary_stream("stdout"), model=model, jobs=jobs,
                                    options=options, on_progress=progress.update if progress else None)
    finally:
        if progress:
            progress.close()
    _report(summary, quiet, f"{summary.added} extracted, {len(summary.failed)} failed")


def _extract_on_dask(paths: tuple[str, ...], dask: str | None, output_dir: str | None, partition_lines: int,
                     model: str | None, options: Any, quiet: bool) -> None:
    from kg.distributed import extract_dumps
    from kg.errors import InputError

    if dask is None or output_dir is None:
        raise InputError("--dask and --output-dir go together (the part files are written by the workers)")
    if not paths or "-" in paths:
        raise InputError("--dask reads dump files (give their paths or globs), not stdin")
    if options.format not in (None, "jsonl"):
        raise InputError(f"--dask reads JSON Lines dumps only, not --format {options.format}")
    workers, scheduler = (int(dask), None) if dask.isdigit() else (2, dask)
    if scheduler is None and not 1 <= workers <= 64:
        raise InputError(f"--dask {dask}: give 1 to 64 local workers, or a scheduler's tcp:// address")
    summary = extract_dumps(paths, output_dir, workers=workers, scheduler=scheduler, partition_lines=partition_lines,
                            model=model, fields=options.fields)
    _report(summary, quiet, f"{summary.line()} (in {output_dir})")


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "query_file", type=click.Path(dir_okay=False), help="Read the query from a .rq file.")
@click.option("--named", "-n", default=None, metavar="NAME", shell_complete=_complete(_saved_query_names),
              help="Run a saved query (see --list).")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A saved query's parameter, e.g. country=KZ (repeatable).")
@click.option("--adhoc", is_flag=True,
              help="With --named: answer from the events themselves, not from the pair rollups (slow on a large "
                   "store; a saved query that reads no rollups already does, and runs as it is).")
@click.option("--list", "list_queries", is_flag=True, help="List the saved queries and their parameters.")
@click.option("--format", "fmt", default="table", show_default=True, shell_complete=_complete(QUERY_FORMATS),
              help="table, csv, tsv or json for SELECT/ASK; turtle, ntriples or jsonld for CONSTRUCT/DESCRIBE; "
                   "with --list, table or json.")
@store_option
def query(sparql: str | None, query_file: str | None, named: str | None, params: tuple[str, ...], adhoc: bool,
          list_queries: bool, fmt: str, store: str | None) -> None:
    """Run a SPARQL query on the store (prefixes diplo:, schema:, prov:, rdfs: ... are predeclared)."""
    from kg.errors import InputError
    from kg.query.run import format_result, read_query_file, run_query
    from kg.query.saved import bind_parameters, format_saved_queries, parse_parameters, run_saved_query, saved_query

    if list_queries:
        if fmt == "json":
            from kg.query.saved import saved_queries_data

            echo_data(json.dumps(saved_queries_data(), indent=1, ensure_ascii=False) + "\n")
        elif fmt == "table":
            echo(format_saved_queries(), lines=True, nl=False)
        else:
            raise InputError(f"Unknown format '{fmt}' for --list. Choose one of: table, json.")
        return
    if [sparql, query_file, named].count(None) != 2:
        raise InputError("give a query as an argument, with --file FILE.rq or with --named NAME (one of the three)")
    for given, flag in ((params, "--param"), (adhoc, "--adhoc")):
        if given and not named:
            raise InputError(f"{flag} goes with --named NAME (a saved query)")
    if named:
        values = parse_parameters(params)
        bind_parameters(saved_query(named), values)  # name and parameters checked before the store opens
    else:
        text = read_query_file(query_file) if query_file else (sys.stdin.read() if sparql == "-" else str(sparql))
    if fmt not in QUERY_FORMATS:
        raise InputError(f"Unknown format '{fmt}'. Choose one of: {', '.join(QUERY_FORMATS)}.")
    reader = _open_for_reading(store)
    result = run_saved_query(reader, named, values, adhoc=adhoc) if named else run_query(reader, text)
    answer = format_result(result, fmt)
    if fmt == "table":
        echo(answer, lines=True, nl=False)
    else:
        echo_data(answer)


def _export_formats() -> tuple[str, ...]:
    from kg.query.export import FORMATS, NETWORK_FORMATS

    return (*FORMATS, *NETWORK_FORMATS, "events")


@main.command()
@click.option("--format", "fmt", default=None, shell_complete=_complete(_export_formats),
              help="turtle, trig, nquads, ntriples, jsonld or rdfxml; graphml, gexf or csv for the relations "
                   "network; events for the events table (CSV, or Parquet when -o ends in .parquet). Default: from "
                   "the file's extension (.ttl .trig .nq .nt .jsonld .rdf .graphml .gexf .csv, .parquet for the "
                   "events table), Turtle on stdout.")
@click.option("--output", "-o", type=click.Path(dir_okay=False), default="-", help="File to write (default stdout).")
@click.option("--table", type=click.Choice(["nodes", "edges"]), default=None,
              help="CSV: write only this table (to a file, without it both: <name>-nodes.csv, <name>-edges.csv).")
@click.option("--dyads", type=click.Choice(["none", "undirected", "directed"]), default="none", show_default=True,
              help="With --format events: one row per event (none), per pair of actors, or per ordered pair.")
@store_option
def export(fmt: str | None, output: str, table: str | None, dyads: str, store: str | None) -> None:
    """Write the store as RDF (Turtle is sorted, so exports diff well), its relations network or an
    events table."""
    from kg.query.export import export_store, export_to_file, format_for

    if (fmt or "").lower() == "events" or (fmt is None and output.lower().endswith(".parquet")):
        from kg.query.events import write_events

        rows = write_events(_open_for_reading(store), sys.stdout.buffer if output == "-" else output, dyads)
        if output != "-":
            echo(f"Wrote {output} ({rows} rows)", err=True)
        return
    fmt = format_for(output, fmt)
    kg_store = _open_for_reading(store)
    if output == "-":
        export_store(kg_store, fmt, sys.stdout.buffer, table)
    else:
        for path in export_to_file(kg_store, fmt, output, table):
            echo(f"Wrote {path}", err=True)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True,
              help="text for people; json (conforms, triples, one object per violation, stale summaries) or "
                   "turtle (the SHACL validation report) for programs.")
@click.option("--repair", is_flag=True,
              help="First undo a write to a SPARQL server that was cut off half-way, and recompute the "
                   "merged-event summaries that are out of date.")
def validate(store: str | None, fmt: str, repair: bool) -> None:
    """Check the store against the SHACL shapes, and its merged-event summaries against their
    reports; exit 1 with a report if it does not conform."""
    from kg.store import open_store
    from kg.store.validate import validate_store

    report = validate_store(open_store(store) if repair else _open_for_reading(store), repair=repair)
    if report.recovered:
        echo("Undid a write that an interrupted run had left half-made.", err=True)
    if report.repaired:
        echo(f"Repaired {report.repaired} merged-event summaries.", err=True)
    if fmt == "json":
        echo_data(json.dumps(report.as_dict(), indent=1, ensure_ascii=False) + "\n")
    elif fmt == "turtle":
        echo_data(report.turtle)
        if report.stale:  # not SHACL results: said beside the report, so the exit status has its reason
            echo(report.text.split("\n", 1)[0], err=True)
    elif report.conforms:
        echo(f"Conforms: {report.triples} triples checked against the SHACL shapes.")
    else:
        echo(report.text, lines=True)
    if not report.conforms:
        sys.exit(1)


@main.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--centrality", is_flag=True,
              help="Rank the most engaged countries and officials (degree, betweenness) and find communities.")
@click.option("--top", default=10, show_default=True, help="How many to rank, with --centrality.")
def stats(store: str | None, fmt: str, centrality: bool, top: int) -> None:
    """Count articles, officials, countries, organisations, events and agreements."""
    import json

    from kg.query.stats import compute_stats, format_stats

    if centrality:
        from kg.query.analytics import compute_centrality, format_centrality

        ranks = compute_centrality(_open_for_reading(store), top=top)
        echo(json.dumps(ranks.as_dict(), indent=1) if fmt == "json" else format_centrality(ranks), lines=True,
             nl=fmt == "json")
        return
    result = compute_stats(_open_for_reading(store))
    echo(json.dumps(result.as_dict(), indent=1) if fmt == "json" else format_stats(result), lines=True,
         nl=fmt == "json")


@main.command()
@click.option("--output", "-o", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="File to write, or - for stdout. Default: graph.html (timeline.html for --view timeline); "
                   "a timeline to .svg or .png is a picture.")
@store_option
@click.option("--view", type=click.Choice(["entities", "relations", "timeline"]), default="entities",
              show_default=True,
              help="entities: officials, countries, organisations, events, agreements; "
                   "relations: countries and organisations joined by what they did together; "
                   "timeline: events per month by type, planned vs occurred.")
@click.option("--focus", metavar="NAME", help="Show only what lies within --depth steps of this node.")
@click.option("--depth", type=int, default=2, show_default=True, help="Steps from --focus.")
@click.option("--country", metavar="ISO", help="Only events and agreements involving this country (e.g. KZ).")
@click.option("--pair", metavar="ISO,ISO", help="Timeline: only events involving both countries (e.g. US,KZ).")
@click.option("--official", metavar="NAME", help="Timeline: only events this official took part in.")
@click.option("--since", metavar="YYYY-MM-DD", help="Only events and agreements on or after this day.")
@click.option("--until", metavar="YYYY-MM-DD", help="Only events and agreements on or before this day.")
@click.option("--type", "types", multiple=True, metavar="CLASS",
              help="Only events/agreements of this class: Meeting, Visit, PhoneCall, Statement, Agreement "
                   "(repeatable).")
@click.option("--max-nodes", type=int, default=5000, show_default=True,
              help="Keep at most this many nodes, the most connected part (the page says so).")
@click.option("--renderer", type=click.Choice(["auto", "canvas", "webgl"]), default="auto", show_default=True,
              help="auto: WebGL (sigma.js) past a few thousand nodes, else canvas (vis-network).")
@click.option("--title", default=None, help="Title of the page.")
def viz(output: str | None, store: str | None, view: str, focus: str | None, depth: int, country: str | None,
        pair: str | None, official: str | None, since: str | None, until: str | None, types: tuple[str, ...],
        max_nodes: int, renderer: str, title: str | None) -> None:
    """Write an offline, interactive HTML graph of the store (or a filtered part of it), or its timeline."""
    from kg.errors import InputError

    if view == "timeline":
        from kg.view.timeline import TimelineOptions, write_timeline

        options = TimelineOptions.parse(country=country, pair=pair, official=official, since=since, until=until,
                                        types=types, title=title)
        written = write_timeline(_open_for_reading(store), output or "timeline.html", options)
        where = "stdout" if written.path is None else written.path
        echo(f"Wrote {where} ({written.events} events over {written.months} months)", err=True)
        return
    if pair or official:
        raise InputError("--pair and --official go with --view timeline")
    from kg.view.page import ViewOptions, write_graph_page

    view_options = ViewOptions.parse(view=view, focus=focus, depth=depth, country=country, since=since, until=until,
                                     types=types, max_nodes=max_nodes, title=title, renderer=renderer)
    page = write_graph_page(_open_for_reading(store), output or "graph.html", view_options)
    where = "stdout" if page.path is None else page.path
    echo(f"Wrote {where} ({page.nodes} nodes, {page.edges} edges)", err=True)
    if page.notice:
        echo(page.notice, err=True)


@main.command()
@store_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind (keep 127.0.0.1 unless you mean it).")
@click.option("--port", default=8000, show_default=True, help="Port (0 for any free one).")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds a query may run before it is stopped.")
@click.option("--max-rows", default=10_000, show_default=True, help="Rows (or triples) in one answer at most.")
@click.option("--max-body", default=1_000_000, show_default=True, help="Bytes in one request body at most.")
@click.option("--workers", default=2, show_default=True, help="Queries answered at the same time.")
@click.option("--max-memory", default=2048, show_default=True,
              help="MB of memory one query may take before it is stopped (0: no limit).")
@click.option("--request-timeout", default=30.0, show_default=True,
              help="Seconds a client may take to send its request.")
@click.option("--allow-service", is_flag=True, help="Allow SERVICE (federated queries to other servers).")
@click.option("--cors", default=None, metavar="ORIGIN|*",
              help="Let web pages from ORIGIN (e.g. http://localhost:3000), or from anywhere with '*', query the "
                   "endpoint from a browser (CORS). Off by default.")
@click.option("--quiet", "-q", is_flag=True, help="Do not log requests.")
def serve(store: str | None, host: str, port: int, timeout: float, max_rows: int, max_body: int, workers: int,
          max_memory: int, request_timeout: float, allow_service: bool, cors: str | None, quiet: bool) -> None:
    """Answer SPARQL over HTTP (read-only SPARQL 1.1 Protocol endpoint, query page at /)."""
    from kg.serve import ServeConfig, make_server

    config = ServeConfig(host=host, port=port, timeout=timeout, max_rows=max_rows, max_body=max_body,
                         workers=workers, allow_service=allow_service, max_memory=max_memory,
                         request_timeout=request_timeout, cors=cors)
    server = make_server(store, config, log=None if quiet else lambda line: echo(line, err=True))
    echo(f"SPARQL endpoint (read-only) at {server.url}; query page at {server.url[:-len('sparql')]}"
         " - Ctrl+C stops it", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@main.command()
@click.argument("sources", nargs=-1)
@store_option
@click.option("--every", default="15m", show_default=True, metavar="INTERVAL",
              help="How often to poll each feed: 30s, 15m, 1h, 1d.")
@click.option("--feeds", "feed_list", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="A file listing feeds, one URL or path a line (# comments).")
@click.option("--once", is_flag=True, help="Poll each feed once and exit (for cron).")
@click.option("--state", "state_path", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Where to keep ETags, seen items and backoff. Default: STORE.watch.json beside the store.")
@click.option("--timeout", default=20.0, show_default=True, help="Seconds a whole download may take.")
@click.option("--allow-private", is_flag=True,
              help="Let links found inside feeds reach private, loopback and link-local addresses.")
@click.option("--model", default=None, metavar="NAME", help="spaCy pipeline to use (an installed package name).")
def watch(sources: tuple[str, ...], store: str | None, every: str, feed_list: str | None, once: bool,
          state_path: str | None, timeout: float, allow_private: bool, model: str | None) -> None:
    """Poll RSS/Atom feeds and pages (URLs or files) and ingest their new items, until Ctrl-C or SIGTERM.

    Conditional requests (ETag, Last-Modified) make an unchanged feed cost one 304; a feed
    that fails is retried later and later while the others go on; one line is logged per poll."""
    from kg.pipeline import watch_feeds
    from kg.sources.watch import parse_interval, read_feed_list
    from kg.store import open_store

    interval = parse_interval(every)
    feeds = [*sources, *(read_feed_list(feed_list) if feed_list else [])]
    kg_store = open_store(store)
    polls = watch_feeds(kg_store, feeds, every=interval, state_path=state_path, once=once, timeout=timeout,
                        allow_private=allow_private, model=model, log=lambda line: echo(line, err=True))
    del kg_store
    if once and polls and all(poll.status == "error" for poll in polls):
        sys.exit(1)


@main.command()
@click.argument("article")
@store_option
def remove(article: str, store: str | None) -> None:
    """Drop exactly one article's graph (by file, content hash, hash prefix or IRI)."""
    from kg.pipeline import remove_article
    from kg.store import open_store

    graph = remove_article(open_store(store), article)
    echo(f"Removed {graph}", err=True)


@main.command()
@store_option
def migrate(store: str | None) -> None:
    """Rewrite a store written by diplo-kg before 0.2 so that each shared description is stored once
    (whole articles per transaction; it can be stopped and run again)."""
    from kg.graph.migrate import migrate_store
    from kg.store import open_store

    echo(migrate_store(open_store(store)).line(), err=True)


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(file_okay=False))
@store_option
@click.option("--diff", is_flag=True, help="Also list every miss and every false positive.")
def evaluate(gold_dir: str, store: str | None, diff: bool) -> None:
    """Score the store against gold files (precision, recall, F1 per score)."""
    from kg.query.evaluate import evaluate_store, format_evaluation

    echo(format_evaluation(evaluate_store(_open_for_reading(store), gold_dir), diff), lines=True, nl=False)
