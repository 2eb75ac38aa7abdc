"""The ``threatline`` command: a thin layer over the library.

Each command checks its arguments, calls one library function, and prints.

Exit codes (the same for every command):

* 0: done, nothing skipped;
* 1: done, but some inputs or articles were skipped or failed (listed in the summary);
* 2: usage error (bad option, unknown id, unreadable argument) with a one-line reason;
* 3: the database cannot be opened or written.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from threatline.errors import StoreError, UsageError
from threatline.export.records import SUPPORTED, check, export
from threatline.export.tabular import write_jsonl
from threatline.ingest.pipeline import IngestReport, ingest
from threatline.ingest.readers import ReadOptions
from threatline.models import Article, Event, Incident
from threatline.store import Store, open_store, resolve_url
from threatline.store.store import EventQuery, IncidentQuery

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_STORE = 0, 1, 2, 3

app = typer.Typer(
    help="Threatline: news reports in, a deduplicated, source-attributed timeline of threats out.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Export stored records (JSON Lines or CSV).", no_args_is_help=True)
app.add_typer(export_app, name="export")

err = Console(stderr=True, highlight=False)
out = Console(highlight=False)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db", envvar="THREATLINE_DB", help="Database URL or SQLite file [default: ./threatline.db]."
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def fail(reason: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print a one-line reason and return the exit to raise."""
    err.print(f"[red]error:[/red] {reason}", soft_wrap=True)
    return typer.Exit(code)


@contextmanager
def store_at(db: str | None) -> Iterator[Store]:
    try:
        store = open_store(db)
    except StoreError as exc:
        raise fail(str(exc), EXIT_STORE) from None
    try:
        yield store
    except StoreError as exc:
        raise fail(str(exc), EXIT_STORE) from None
    finally:
        store.close()


@app.command("ingest")
def ingest_cli(
    inputs: Annotated[list[str], typer.Argument(help="Files, directories, feeds or http(s) URLs.")],
    db: DbOption = None,
    no_analysis: Annotated[
        bool, typer.Option("--no-analysis", help="Store articles without reading them.")
    ] = False,
    allow_private: Annotated[
        bool, typer.Option("--allow-private-addresses", help="Allow URLs on private or loopback addresses.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for a web server.")] = 20.0,
    as_json: JsonOption = False,
) -> None:
    """Read news into the store: clean, date, deduplicate and analyse each article.

    Example: threatline ingest examples/corpus https://example.org/feed.xml
    """
    options = ReadOptions(timeout=timeout, allow_private_addresses=allow_private)
    with store_at(db) as store, _progress() as progress:
        tasks: dict[str, TaskID] = {}

        def report_progress(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                label = {"ingest": "Reading articles", "analyse": "Analysing articles"}.get(stage, stage)
                tasks[stage] = progress.add_task(label, total=total)
            progress.update(tasks[stage], completed=done, total=total)

        report = ingest(store, inputs, options=options, analyse=not no_analysis, progress=report_progress)
    _print_summary(report, store.url, as_json)
    if report.problems:
        raise typer.Exit(EXIT_PARTIAL)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def _print_summary(report: IngestReport, url: str, as_json: bool) -> None:
    if as_json:
        out.print_json(json.dumps(report.summary()))
        return
    out.print(
        f"Ingested {report.ingested} new article(s) into {url} "
        f"({report.already_stored} already stored, {report.duplicates} duplicate(s): "
        f"{report.exact_duplicates} exact, {report.near_duplicates} near; "
        f"{report.non_english} not in English; {report.analysed} analysed; "
        f"{report.linked} linked into stories)."
    )
    if report.problems:
        out.print(f"Skipped {len(report.problems)}:")
        for p in report.problems:
            out.print(f"  {p.origin}: {p.reason} [{p.stage}]", soft_wrap=True)


@app.command("articles")
def articles_cli(
    db: DbOption = None,
    limit: Annotated[int, typer.Option(help="Show at most this many.")] = 50,
    duplicates: Annotated[bool, typer.Option(help="Include duplicate copies.")] = True,
    as_json: JsonOption = False,
) -> None:
    """List stored articles in the order they were ingested.

    Example: threatline articles --limit 20 --no-duplicates
    """
    with store_at(db) as store:
        articles = list(store.articles(limit=limit, include_duplicates=duplicates))
    if as_json:
        for a in articles:
            sys.stdout.write(a.model_dump_json(exclude={"text", "removed"}) + "\n")
        return
    table = Table("id", "published", "source", "lang", "title", "duplicate of")
    for a in articles:
        table.add_row(
            a.id[:12],
            _published(a),
            a.source or "",
            a.language or "",
            (a.title or "")[:70],
            (a.duplicate_of or "")[:12] + (f" ({a.duplicate_kind})" if a.duplicate_kind else ""),
        )
    out.print(table)


def _published(a: Article) -> str:
    if a.published.date is None:
        return "no date found"
    suffix = "" if a.published.how in ("metadata", "dateline") else f" ({a.published.how})"
    return a.published.date.isoformat() + suffix


@app.command("show")
def show_cli(
    article_id: Annotated[
        str, typer.Argument(help="An article id or a unique prefix of one (6+ characters).")
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show one article: metadata, clean text, and what was removed.

    Example: threatline show 3f9a2c
    """
    with store_at(db) as store:
        article = store.get_article(article_id)
    if article is None:
        raise fail(f"no article with id {article_id!r} in {resolve_url(db)}")
    if as_json:
        sys.stdout.write(article.model_dump_json(indent=2) + "\n")
        return
    out.print(f"[bold]{escape(article.title or '(no title)')}[/bold]")
    out.print(
        f"id {article.id}  source {article.source or '-'}  published {_published(article)}  "
        f"language {article.language}"
    )
    out.print(f"url {article.url or '-'}")
    if article.duplicate_of:
        out.print(f"[yellow]{article.duplicate_kind} duplicate of {article.duplicate_of}[/yellow]")
    out.print()
    out.print(article.text, markup=False, highlight=False)
    if article.removed:
        out.print()
        out.print(f"[dim]Removed ({len(article.removed)}):[/dim]")
        for r in article.removed:
            out.print(f"[dim]  \\[{escape(r.reason)}] {escape(r.text)}[/dim]", soft_wrap=True)


@contextmanager
def _output(path: Path | None) -> Iterator[IO[str]]:
    if path is None:
        yield sys.stdout
        return
    try:
        with path.open("w", encoding="utf-8", newline="") as fh:
            yield fh
    except OSError as exc:
        raise fail(f"{path}: cannot write ({exc.strerror})") from None


OutOption = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here instead of standard output.")
]


def _parse_date(option: str, value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        raise fail(f"{option} {value!r}: not a date in the form YYYY-MM-DD") from None


def _describe(event: Event | Incident) -> str:
    actor = event.actor.name or event.actor.text if event.actor else "?"
    recipient = event.recipient.name or event.recipient.text if event.recipient else "?"
    mode = f"/{','.join(event.mode)}" if event.mode else ""
    words = [f"{event.type}{mode}", f"{actor} -> {recipient}"]
    if event.location and (event.location.name or event.location.text):
        words.append(f"in {event.location.name or event.location.text}")
    for label, figure in (("dead", event.dead), ("injured", event.injured)):
        if figure and (figure.min or figure.max):
            best = getattr(figure, "best", None)
            words.append(f"{label} {_range(figure.min, figure.max)}" + (f" (best {best})" if best else ""))
    if isinstance(event, Event) and event.status != "asserted":
        words.append(f"[{event.status}]")
    return "  ".join(words)


def _range(low: int | None, high: int | None) -> str:
    if low == high:
        return str(low)
    if high is None:
        return f">={low}"
    if low is None:
        return f"<={high}"
    return f"{low}-{high}"


def _when(event: Event | Incident) -> str:
    if event.date is None or (event.date.start is None and event.date.end is None):
        return "undated"
    if event.date.start is None:
        return f"by {event.date.end}"  # told with no time: it happened by the first report
    start = event.date.start.isoformat()
    return {"year": start[:4], "month": start[:7]}.get(event.date.precision, start)


def _placed(incident: Incident) -> dt.date | None:
    """Where an incident stands on the timeline: its first day, else the last day it
    can have happened (an event told with no time happened by its first report)."""
    if incident.date is None:
        return None
    return incident.date.start or incident.date.end


def _heading(incident: Incident, day: dt.date) -> str:
    """The timeline heading an incident stands under: its year alone when the reports
    date it to no finer than a year (a "2007" attack is not a January one), else its month."""
    date = incident.date
    if date is not None and date.start is not None and date.precision == "year":
        return str(day.year)
    return day.strftime("%B %Y")


TypeOption = Annotated[list[str] | None, typer.Option("--type", help="PLOVER type(s), e.g. THREATEN.")]
ActorOption = Annotated[str | None, typer.Option(help="Actor entity id or name (substring).")]
RecipientOption = Annotated[str | None, typer.Option(help="Recipient entity id or name (substring).")]
PlaceOption = Annotated[str | None, typer.Option(help="Place name or country code (substring).")]
SinceOption = Annotated[str | None, typer.Option(help="Only events on or after YYYY-MM-DD.")]
UntilOption = Annotated[str | None, typer.Option(help="Only events on or before YYYY-MM-DD.")]


@app.command("events")
def events_cli(
    db: DbOption = None,
    types: TypeOption = None,
    actor: ActorOption = None,
    recipient: RecipientOption = None,
    place: PlaceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    as_json: JsonOption = False,
) -> None:
    """List events read from the articles (one article's account each), by date.

    Example: threatline events --type THREATEN --actor islamic-state --since 2016-01-01
    """
    query = EventQuery(
        types=types or (),
        actor=actor,
        recipient=recipient,
        place=place,
        since=_parse_date("--since", since),
        until=_parse_date("--until", until),
    )
    with store_at(db) as store:
        events = list(store.events(query))
    if as_json:
        write_jsonl(events, sys.stdout)
        return
    for event in events:
        out.print(f"{_when(event):>13}  {_describe(event)}", markup=False, highlight=False, soft_wrap=True)
        if event.evidence:
            quoted = escape(event.evidence[0].sentence.strip()[:160])  # article text is not markup
            out.print(f"{'':>13}  [dim]“{quoted}”[/dim]", soft_wrap=True)
    if not events:
        err.print("No events match.")


def _incident_line(incident: Incident) -> str:
    words = [_describe(incident)]
    words.append(
        f"{incident.independent_sources} independent source(s), {len(incident.article_ids)} article(s)"
    )
    if incident.conflicts:
        words.append("conflicts: " + ", ".join(c.field for c in incident.conflicts))
    return "  ".join(words)


MinSourcesOption = Annotated[
    int, typer.Option("--min-sources", help="At least this many independent sources.")
]


def _incident_query(
    types: list[str] | None,
    actor: str | None,
    recipient: str | None,
    place: str | None,
    since: str | None,
    until: str | None,
    min_sources: int,
) -> IncidentQuery:
    return IncidentQuery(
        types=types or (),
        actor=actor,
        recipient=recipient,
        place=place,
        since=_parse_date("--since", since),
        until=_parse_date("--until", until),
        min_sources=min_sources,
    )


@app.command("incidents")
def incidents_cli(
    db: DbOption = None,
    types: TypeOption = None,
    actor: ActorOption = None,
    recipient: RecipientOption = None,
    place: PlaceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_sources: MinSourcesOption = 0,
    as_json: JsonOption = False,
) -> None:
    """List incidents: real-world events merged across articles, with source counts and conflicts.

    Example: threatline incidents --type ASSAULT --min-sources 2
    """
    query = _incident_query(types, actor, recipient, place, since, until, min_sources)
    with store_at(db) as store:
        incidents = list(store.incidents(query))
    if as_json:
        write_jsonl(incidents, sys.stdout)
        return
    for incident in incidents:
        out.print(
            f"{_when(incident):>13}  {incident.id}  {_incident_line(incident)}", markup=False, soft_wrap=True
        )
    if not incidents:
        err.print("No incidents match.")


@app.command("stories")
def stories_cli(db: DbOption = None, as_json: JsonOption = False) -> None:
    """List stories: articles about the same incident or chain of events.

    Example: threatline stories --json
    """
    with store_at(db) as store:
        stories = list(store.stories())
    if as_json:
        write_jsonl(stories, sys.stdout)
        return
    table = Table("first seen", "last seen", "articles", "incidents", "title")
    for story in stories:
        table.add_row(
            str(story.first_seen or "-"),
            str(story.last_seen or "-"),
            str(len(story.article_ids)),
            str(len(story.incident_ids)),
            story.title,
        )
    out.print(table)


@app.command("timeline")
def timeline_cli(
    db: DbOption = None,
    types: TypeOption = None,
    actor: ActorOption = None,
    recipient: RecipientOption = None,
    place: PlaceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    min_sources: MinSourcesOption = 0,
) -> None:
    """A readable timeline of incidents, grouped by month (by year when dated only to a year),
    with sources and evidence.

    An incident its reports tell with no time stands at the day of its first report,
    marked "by" that day.

    Example: threatline timeline --actor islamic-state --since 2016-01-01
    """
    query = _incident_query(types, actor, recipient, place, since, until, min_sources)
    with store_at(db) as store:
        placed = [(day, i) for i in store.incidents(query) if (day := _placed(i)) is not None]
        titles = {a.id: a.title or a.id[:12] for a in store.articles()}
    placed.sort(key=lambda pair: (pair[0], pair[1].date is not None and pair[1].date.start is None))
    incidents = [i for _, i in placed]
    heading = None
    for day, incident in placed:
        this_heading = _heading(incident, day)
        if this_heading != heading:
            heading = this_heading
            out.print(f"\n[bold]{heading}[/bold]")
        out.print(f"  {_when(incident):>13}  {_incident_line(incident)}", markup=False, soft_wrap=True)
        for article_id in incident.article_ids[:3]:
            out.print(
                f"  {'':>13}  [dim]- {escape(titles.get(article_id, article_id))}[/dim]", soft_wrap=True
            )
    if not incidents:
        err.print("No incidents with a date match.")


@app.command("serve")
def serve_cli(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Interface to bind; keep localhost unless behind a proxy.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web UI and the REST API (/api/v1, documented at /docs).

    Example: threatline serve --port 8000
    Ingest through the API needs THREATLINE_API_TOKEN; THREATLINE_API_PRIVATE=1 protects reads too.
    """
    import uvicorn  # noqa: PLC0415 - only this command needs the server

    from threatline.api import create_app  # noqa: PLC0415

    try:
        open_store(db).close()
    except StoreError as exc:
        raise fail(str(exc), EXIT_STORE) from None
    err.print(f"Threatline on http://{host}:{port}/ (API at /api/v1, docs at /docs); Ctrl+C stops it.")
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")


def _export_command(kind: str) -> None:
    formats = ", ".join(SUPPORTED[kind])

    def command(
        db: DbOption = None,
        fmt: str = typer.Option("jsonl", "--format", "-f", help=f"One of: {formats}."),
        output: OutOption = None,
        types: TypeOption = None,
        since: SinceOption = None,
        until: UntilOption = None,
        min_sources: MinSourcesOption = 0,
    ) -> None:
        try:
            check(kind, fmt)
        except UsageError as exc:
            raise fail(str(exc)) from None
        first, last = _parse_date("--since", since), _parse_date("--until", until)
        with store_at(db) as store, _output(output) as fh:
            count = export(
                store,
                kind,
                fmt,
                fh,
                events=EventQuery(types=types or (), since=first, until=last),
                incidents=IncidentQuery(types=types or (), since=first, until=last, min_sources=min_sources),
            )
        if output is not None:
            err.print(f"Wrote {count} {kind} to {output}")

    command.__doc__ = (
        f"Export {kind} as {formats}; --type, --since, --until, --min-sources filter events and incidents."
        f"\n\nExample: threatline export {kind} -f {SUPPORTED[kind][-1]} -o {kind}.{SUPPORTED[kind][-1]}"
    )
    export_app.command(kind)(command)


for _kind in SUPPORTED:
    _export_command(_kind)


@app.command("extract")
def extract_cli(
    file: Annotated[Path | None, typer.Argument(help="A text file to read (or use --text).")] = None,
    text: Annotated[str | None, typer.Option("--text", help="The article text itself.")] = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date YYYY-MM-DD (anchors relative dates).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the analysis as one JSON object.")] = True,
) -> None:
    """Read one article without any store and print what was found, as JSON.

    Example: threatline extract report.txt --published 2024-03-26 --json
    """
    if (file is None) == (text is None):
        raise fail("give either a FILE or --text, not both or neither")
    date = _parse_date("--published", published)
    from threatline.extract import extract, extract_file  # noqa: PLC0415 - loads spaCy only here

    try:
        analysis = extract(text, published=date) if text is not None else extract_file(file, published=date)  # type: ignore[arg-type]
    except UsageError as exc:
        raise fail(str(exc)) from None
    sys.stdout.write(analysis.model_dump_json(indent=2 if not as_json else None) + "\n")


def main() -> None:
    """Entry point of the ``threatline`` console script."""
    app()


if __name__ == "__main__":
    main()
