"""Thin command-line wrappers over the library: `mapapp ...` or `flask --app mapapp ...`.

Every command turns a MapappError into one line that says what to do, and exits non-zero.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from .errors import MapappError
from .progress import Progress


def friendly_errors(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except MapappError as exc:
            raise click.ClickException(exc.message) from None

    return wrapper


@click.command("init-db")
@with_appcontext
@friendly_errors
def init_db_command():
    """Create or upgrade the database schema (alembic 'upgrade head')."""
    from . import db
    from .web.database import get_engine

    engine = get_engine()
    db.upgrade(engine)
    click.echo(
        f"Database ready at revision {db.current_revision(engine)}: "
        f"{engine.url.render_as_string(hide_password=True)}"
    )


reference_group = AppGroup("reference", help="Reference data: districts, LSOAs, postcodes, places.")


@reference_group.command("load")
@click.option(
    "--dir",
    "reference_dir",
    type=click.Path(file_okay=False),
    help="Reference folder (default: MAPAPP_REFERENCE_DIR).",
)
@friendly_errors
def reference_load_command(reference_dir):
    """Load (or reload) the reference data for the configured area. Safe to repeat."""
    from . import db
    from .reference import load_reference
    from .web.database import get_engine

    db.require_schema(get_engine())
    report = load_reference(get_engine(), current_app.config, reference_dir, progress=Progress())
    click.echo(report.summary())


demo_group = AppGroup("demo", help="Fictional demo listings for trying the app out.")


@demo_group.command("load")
@click.option("--replace", is_flag=True, help="Remove earlier demo listings first.")
@click.option("--count", default=400, show_default=True, help="How many listings.")
@click.option("--seed", default=2026, show_default=True, help="Random seed (same seed, same data).")
@friendly_errors
def demo_load_command(replace, count, seed):
    """Load deterministic fictional listings at real places and postcodes (flagged as demo)."""
    from . import db
    from .ops.demo import load_demo
    from .web.database import get_engine

    db.require_schema(get_engine())
    with db.session_scope(get_engine()) as session:
        result = load_demo(session, count=count, seed=seed, replace=replace)
    click.echo(result)


@click.command("ingest")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option(
    "--format",
    "fmt",
    default="auto",
    show_default=True,
    type=click.Choice(["auto", "csv", "xlsx", "tsml", "meeting-guide", "oruk", "geojson"]),
    help="Input format; auto detects it.",
)
@click.option(
    "--source",
    help="Name of the source (default: the file name). Re-importing "
    "the same source updates its listings and retires the ones it dropped.",
)
@click.option("--dry-run", is_flag=True, help="Do everything, report, and save nothing.")
@click.option(
    "--merge-duplicates",
    is_flag=True,
    help="Merge likely duplicates into the existing listing (default: queue them for review).",
)
@click.option(
    "--fellowship",
    help="The fellowship of a feed's meetings when they do not say "
    "(e.g. NA for a Narcotics Anonymous area's TSML sheet).",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False),
    help="Write the full JSON report (every row: how it was read, and every "
    "rejected, held or flagged row) here.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Processes that read and classify rows (default: the cores available, "
    "up to 4; small files always use one).",
)
@with_appcontext
@friendly_errors
def ingest_command(path, fmt, source, dry_run, merge_duplicates, fellowship, report_path, workers):
    """Import listings from a spreadsheet or feed: normalise, classify, geocode, dedupe, load.

    Rows with a part that was not understood are saved but held (not public) until a
    navigator confirms them in the review queue. The report says, for every row, how it
    was read: each field and the column or phrase it came from.

    Exits 0 when the run completed, even with rejected rows (they are in the report);
    non-zero with a one-line reason when nothing could be loaded.
    """
    import json

    from . import db
    from .ingest import run_ingest
    from .ingest.parallel import default_workers
    from .web.database import get_engine

    engine = get_engine()
    db.require_schema(engine)
    report = run_ingest(
        engine,
        current_app.config,
        path,
        fmt=fmt,
        source=source,
        dry_run=dry_run,
        merge_duplicates=merge_duplicates,
        progress=Progress(),
        workers=workers or default_workers(),
        fellowship=fellowship,
    )
    click.echo(report.summary())
    if report_path:
        with open(report_path, "w", encoding="utf-8") as handle:
            json.dump(report.to_dict(), handle, indent=2, ensure_ascii=False, default=str)
        click.echo(f"Full report: {report_path}")


@click.command("gaps")
@click.option(
    "--threshold-m",
    "thresholds",
    multiple=True,
    metavar="N",
    help="Distance in metres (repeat for more; the first is the main one). Default: 1600 and 5000.",
)
@click.option("--domain", "domains", multiple=True, help="Show only this domain (repeatable).")
@click.option(
    "--attendance", multiple=True, help="Count only in_person or hybrid listings (default: both)."
)
@click.option(
    "--audience",
    multiple=True,
    help="Count only listings for this audience, e.g. women (repeatable: any of them).",
)
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False),
    help="Also write the district × domain table as CSV here.",
)
@with_appcontext
@friendly_errors
def gaps_command(thresholds, domains, attendance, audience, csv_path):
    """Gap analysis: residents within reach of in-person listings, by district and domain.

    The same figures as the /gaps page and /api/gaps, from the same function.
    """
    from werkzeug.datastructures import MultiDict

    from . import db
    from .analysis import gap_analysis, parse_gap_params
    from .analysis.downloads import district_csv
    from .analysis.outputs import text_table
    from .listings.schedules import LONDON
    from .web.clock import now
    from .web.database import get_engine

    params = parse_gap_params(
        MultiDict(
            [("threshold_m", t) for t in thresholds]
            + [("domain", d) for d in domains]
            + [("attendance", a) for a in attendance]
            + [("audience", a) for a in audience]
        )
    )
    engine = get_engine()
    db.require_schema(engine)
    with db.session_scope(engine) as session:
        report = gap_analysis(session, params)
    body = report.to_json()
    click.echo(text_table(body))
    if csv_path:
        try:
            with open(csv_path, "w", encoding="utf-8", newline="") as handle:
                handle.write(district_csv(report, now().astimezone(LONDON), body)[1])
        except OSError as exc:
            raise click.ClickException(
                f"Cannot write {csv_path}: {exc.strerror}. Choose a folder you can write to."
            ) from None
        click.echo(f"CSV: {csv_path}")


def _page_urls(base_url: str):
    """asset id -> the absolute address of its page under ``base_url`` (which may carry a
    path, e.g. https://example.org/map/), routed by the app's own URL map: no request needed."""
    parts = urlsplit(base_url)
    urls = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme or "http"
    )
    return lambda asset_id: urls.build("public.asset", {"asset_id": asset_id}, force_external=True)


@click.command("export")
@click.option(
    "--format",
    "fmt",
    required=True,
    metavar="FORMAT",
    type=click.Choice(["meeting-guide", "oruk", "geojson", "csv", "gpkg"]),
    help="meeting-guide, oruk, geojson, csv or gpkg.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False),
    help="Write the file here (default: standard output; gpkg needs --out).",
)
@click.option(
    "--base-url",
    default="http://localhost:5000",
    show_default=True,
    help="The site's address, for the listing links in the file.",
)
@with_appcontext
@friendly_errors
def export_command(fmt, out, base_url):
    """Write every active listing as one file (private contact details never included)."""
    from . import db
    from .publish.exports import FORMATS, Site, export
    from .web.clock import now
    from .web.database import get_engine

    if FORMATS[fmt].binary and not out:
        raise click.UsageError(
            f"A {fmt} file is binary: give --out FILE (e.g. --out listings.{FORMATS[fmt].suffix})."
        )
    engine = get_engine()
    db.require_schema(engine)
    site = Site(_page_urls(base_url), current_app.config["AREA_NAME"], now())
    with db.session_scope(engine) as session:
        body = export(session, fmt, site)
    if not out:
        click.echo(body.decode("utf-8"), nl=False)
        return
    try:
        with open(out, "wb") as handle:
            handle.write(body)
    except OSError as exc:
        raise click.ClickException(
            f"Cannot write {out}: {exc.strerror}. Choose a folder you can write to."
        ) from None
    click.echo(f"{fmt}: {out} ({len(body):,} bytes)", err=True)


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False))
@with_appcontext
@friendly_errors
def backup_command(out):
    """Write a consistent backup of the database to OUT, safe while the app runs.

    SpatiaLite: a copy of the database file made with SQLite's backup API.
    PostGIS: a pg_dump archive (custom format; needs the PostgreSQL client tools).
    Restore it with 'mapapp restore OUT'.
    """
    from . import db
    from .ops.backup import backup
    from .web.database import get_engine

    engine = get_engine()
    db.require_schema(engine)
    click.echo(backup(engine, out))


@click.command("restore")
@click.argument("backup_file", metavar="IN", type=click.Path(dir_okay=False))
@with_appcontext
@friendly_errors
def restore_command(backup_file):
    """Replace everything in the database with the backup IN (made by 'mapapp backup').

    The file is checked first: a wrong or damaged one leaves the database unchanged.
    SpatiaLite: copied in with SQLite's backup API, in one write transaction.
    PostGIS: pg_restore --clean in a single transaction (needs the PostgreSQL client tools).
    Stop the app first: edits made after the backup are lost.
    """
    from .ops.backup import restore
    from .web.database import get_engine

    click.echo(restore(get_engine(), backup_file))


users_group = AppGroup("users", help="Accounts for navigators, commissioners and administrators.")


@users_group.command("create")
@click.option("--email", required=True, help="The person's email address (their sign-in name).")
@click.option("--name", required=True, help="Their name, as shown when they are signed in.")
@click.option("--role", required=True, metavar="ROLE", help="navigator, commissioner or admin.")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for twice when not given (at least 12 characters). Prefer the "
    "prompt: a password on the command line ends up in the shell history.",
)
@with_appcontext
@friendly_errors
def users_create_command(email, name, role, password):
    """Create an account that can sign in to the navigator workspace."""
    from . import db
    from .accounts.users import create_user
    from .web.database import get_engine

    engine = get_engine()
    db.require_schema(engine)
    with db.session_scope(engine) as session:
        user = create_user(session, email, name, role, password)
        click.echo(f"Created {user.role} account for {user.name} <{user.email}>.")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--debug", is_flag=True, help="Reload on code changes; never in production.")
@with_appcontext
def serve_command(host, port, debug):
    """Serve the app (development server). Production: gunicorn 'mapapp:create_app()'."""
    from werkzeug.serving import run_simple

    click.echo(f"mapapp is serving at http://{host}:{port}/  (Ctrl+C to stop)")
    # Flask's app.run() refuses to start inside its own CLI; werkzeug serves it directly.
    run_simple(
        host,
        port,
        current_app._get_current_object(),
        use_reloader=debug,
        use_debugger=debug,
        threaded=True,
    )


def register_commands(app: Flask) -> None:
    app.cli.add_command(init_db_command)
    app.cli.add_command(init_db_command, name="upgrade")
    app.cli.add_command(reference_group)
    app.cli.add_command(demo_group)
    app.cli.add_command(ingest_command)
    app.cli.add_command(gaps_command)
    app.cli.add_command(export_command)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(users_group)
    app.cli.add_command(serve_command)


def main() -> None:
    from . import create_app

    cli = FlaskGroup(create_app=create_app, help="mapapp: the recovery-capital asset map.")
    cli.main(prog_name="mapapp")
