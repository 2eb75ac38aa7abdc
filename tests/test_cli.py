"""The CLI: a thin layer, every command documented, exit codes as the README says."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import ROOT, SEEDS
from threatline.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def test_ingest_list_show_export(db: str, tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(SEEDS), "--db", db, "--no-analysis")
    assert code == 0, out
    assert "Ingested 5 new article(s)" in out
    code, out, _ = run("articles", "--db", db, "--json")
    assert code == 0
    listed = [json.loads(line) for line in out.splitlines()]
    assert len(listed) == 5
    code, out, _ = run("show", listed[0]["id"][:10], "--db", db)
    assert code == 0
    assert listed[0]["title"] in out
    target = tmp_path / "articles.csv"
    code, _, _ = run("export", "articles", "--db", db, "--format", "csv", "-o", str(target))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert {r["id"] for r in rows} == {a["id"] for a in listed}
    code, out, _ = run("export", "articles", "--db", db, "--format", "jsonl")
    assert code == 0
    assert len(out.splitlines()) == 5


def test_ingest_summary_lists_skipped_inputs_and_exits_1(db: str, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", "utf-8")
    code, out, _ = run("ingest", str(empty), "--db", db, "--no-analysis", "--json")
    assert code == 1
    summary = json.loads(out)
    assert summary["ingested"] == 0
    assert summary["skipped"][0]["input"].endswith("empty.txt")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("show", "nosuchid"), "no article with id"),
        (("export", "articles", "--format", "xml"), "articles can be exported as jsonl, csv, stix"),
        (("extract",), "give either a FILE or --text"),
        (("extract", "--text", "x", "--published", "26/03/2024"), "not a date"),
    ],
)
def test_usage_errors_exit_2_with_one_line(db: str, args: tuple[str, ...], message: str) -> None:
    code, _, err = run(*args, *([] if args[0] == "extract" else ["--db", db]))
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_unopenable_database_exits_3(tmp_path: Path) -> None:
    code, _, err = run("articles", "--db", f"sqlite:///{tmp_path / 'no' / 'such' / 'x.db'}")
    assert code == 3
    assert "does not exist" in err


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    commands = {c.name for c in app.registered_commands} | {g.name for g in app.registered_groups}
    for name in commands:
        assert re.search(rf"threatline {name}\b", readme), f"README does not document `threatline {name}`"
    for command in app.registered_commands:
        assert command.callback is not None
        assert "Example:" in (command.callback.__doc__ or ""), f"{command.name} has no example in its help"


def test_events_from_analysed_seeds_filter_and_export(db: str, tmp_path: Path) -> None:
    code, out, _ = run("ingest", str(SEEDS), "--db", db)
    assert code == 0, out
    code, out, _ = run("events", "--db", db, "--type", "THREATEN", "--json")
    assert code == 0
    threats = [json.loads(line) for line in out.splitlines()]
    assert threats
    assert {e["type"] for e in threats} == {"THREATEN"}
    code, out, _ = run("events", "--db", db, "--actor", "islamic-state", "--json")
    assert code == 0
    assert all("islamic" in json.dumps(json.loads(line)["actor"]).lower() for line in out.splitlines())
    target = tmp_path / "events.csv"
    code, _, _ = run("export", "events", "--db", db, "--format", "csv", "-o", str(target))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
    assert {r["type"] for r in rows} >= {"THREATEN", "ASSAULT"}
    assert all(r["evidence"] for r in rows)


@pytest.mark.parametrize(
    ("kind", "fmt"),
    [
        ("articles", "stix"),
        ("events", "geojson"),
        ("events", "stix"),
        ("incidents", "html"),
        ("incidents", "stix"),
        ("stories", "csv"),
        ("entities", "csv"),
        ("claims", "jsonl"),
    ],
)
def test_every_kind_exports_in_its_formats(analysed_db: str, tmp_path: Path, kind: str, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    code, _, err = run("export", kind, "--db", analysed_db, "--format", fmt, "-o", str(target))
    assert code == 0, err
    body = target.read_text("utf-8")
    assert body.strip()
    if fmt in ("stix", "geojson"):
        parsed = json.loads(body)
        assert parsed["type"] == ("bundle" if fmt == "stix" else "FeatureCollection")
    if fmt == "html":
        assert "<script" not in body.lower()


@pytest.fixture(scope="module")
def analysed_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = f"sqlite:///{tmp_path_factory.mktemp('export') / 'seeds.db'}"
    code, out, _ = run("ingest", str(SEEDS), "--db", db)
    assert code == 0, out
    return db


def test_timeline_runs_by_month_and_places_untimed_incidents_by_their_first_report(analysed_db: str) -> None:
    code, out, _ = run("timeline", "--db", analysed_db)
    assert code == 0
    months = [line.strip() for line in out.splitlines() if re.fullmatch(r"[A-Z][a-z]+ \d{4}", line.strip())]
    firsts = [dt.datetime.strptime(m, "%B %Y").date() for m in months]
    assert firsts == sorted(firsts)
    assert "August 2016" in months
    # an incident its reports tell with no time happened by the day of its first report
    by = re.findall(r"by (\d{4}-\d{2}-\d{2})", out)
    assert by
    day = max(by)
    code, before, _ = run(
        "timeline", "--db", analysed_db, "--until", str(dt.date.fromisoformat(day) - dt.timedelta(days=1))
    )
    assert code == 0
    assert f"by {day}" not in before
    code, through, _ = run("timeline", "--db", analysed_db, "--until", day)
    assert f"by {day}" in through


def test_timeline_puts_incidents_dated_to_a_year_under_the_year_not_its_january(analysed_db: str) -> None:
    code, out, _ = run("timeline", "--db", analysed_db)
    assert code == 0
    heading = None
    year_dated = 0
    for line in out.splitlines():
        text = line.strip()
        if re.fullmatch(r"(?:[A-Z][a-z]+ )?\d{4}", text):
            heading = text
        elif re.match(r"\d{4}  ", text):  # an incident whose date column is a bare year
            year_dated += 1
            assert heading == text[:4], line
    assert year_dated  # the seeds' 2015 air strikes are dated only to their year
