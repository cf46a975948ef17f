"""The layout's rules, read from the code itself: Flask belongs to web/, cli.py and __init__.py."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import mapapp

PACKAGE = Path(mapapp.__file__).parent
WEB_LAYER = ("web/", "cli.py", "__init__.py")  # __init__.py: the package's own, create_app
FLASK = ("flask", "werkzeug")


def flask_imports(source: str) -> list[str]:
    """The flask or werkzeug modules a module imports, at any depth (lazy imports too)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in FLASK]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] in FLASK:
                found.append(node.module)
    return found


def core_modules() -> list[str]:
    names = [p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")]
    return sorted(n for n in names if not (n.startswith("web/") or n in WEB_LAYER))


def test_flask_only_in_the_web_layer():
    offenders = {}
    for name in core_modules():
        imported = flask_imports((PACKAGE / name).read_text(encoding="utf-8"))
        if imported:
            offenders[name] = imported
    assert offenders == {}, f"Flask outside web/, cli.py and __init__.py: {offenders}"


def test_every_kind_of_import_is_seen():
    source = "import flask\nimport werkzeug.utils as w\ndef f():\n    from flask import g\n"
    source += "from werkzeug.exceptions import HTTPException\nfrom .flask import x\nimport flasky\n"
    expected = ["flask", "flask", "werkzeug.exceptions", "werkzeug.utils"]
    assert sorted(flask_imports(source)) == expected


# --- the core does not import the importer ------------------------------------------------

IMPORTER = "mapapp.ingest"
IMPORTS_THE_IMPORTER = {"cli.py", "web/imports.py"}  # `mapapp ingest` and the upload page


def imported_names(name: str, source: str) -> set[str]:
    """The absolute names of the modules (or names in them) that module ``name`` imports."""
    package = ["mapapp", *name.split("/")[:-1]]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found |= {f"{module}.{a.name}" for a in node.names}
    return found


def test_only_the_import_commands_import_the_importer():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if name.startswith("ingest/") or name in IMPORTS_THE_IMPORTER:
            continue
        names = imported_names(name, path.read_text(encoding="utf-8"))
        hits = sorted(n for n in names if n == IMPORTER or n.startswith(IMPORTER + "."))
        if hits:
            offenders[name] = hits
    assert offenders == {}, f"The importer imported outside ingest/: {offenders}"


def test_map_builders_take_data_not_a_session():
    # maps/ draws what it is given; the views read it (reference/outlines, listings/points).
    offenders = {}
    for path in sorted((PACKAGE / "maps").glob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        names = imported_names(name, path.read_text(encoding="utf-8"))
        hits = sorted(
            n for n in names if n.split(".")[0] == "sqlalchemy" or n.startswith("mapapp.db")
        )
        if hits:
            offenders[name] = hits
    assert offenders == {}, f"Map builders that query: {offenders}"


def test_relative_imports_are_resolved():
    source = "from ..ingest.changes import x\nfrom .. import ingest\nfrom .fields import y\n"
    assert imported_names("listings/history.py", source) == {
        "mapapp.ingest.changes.x",
        "mapapp.ingest",
        "mapapp.listings.fields.y",
    }


# --- query parameters declared once (params.py's tables) ------------------------------------


def arguments_read_by_hand(source: str) -> list[str]:
    """The parameters a module reads itself: args.get("x") or args.getlist("x") on anything."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("get", "getlist")
            and isinstance(node.func.value, (ast.Name, ast.Attribute))
            and (getattr(node.func.value, "id", None) or node.func.value.attr) == "args"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.append(node.args[0].value)
    return found


def test_the_analysis_reads_its_parameters_only_through_its_tables():
    # GAPS, SCENARIO, PRIORITIES and SITES read them; web/openapi_decisions lists them from
    # those tables and declares none itself.
    by_hand = {}
    for path in sorted((PACKAGE / "analysis").glob("*.py")):
        names = arguments_read_by_hand(path.read_text(encoding="utf-8"))
        if names:
            by_hand[path.name] = names
    assert by_hand == {}
    document = (PACKAGE / "web" / "openapi_decisions.py").read_text(encoding="utf-8")
    assert "query_parameter" not in document


def test_a_parameter_read_by_hand_is_found():
    source = 'def f(args):\n    return args.get("k", "5"), request.args.getlist("add"), d.get("x")'
    assert arguments_read_by_hand(source) == ["k", "add"]


# --- one place for each vocabulary ---------------------------------------------------------

VOCAB = "vocab.py"
SMALLEST_TABLE = 3  # fewer strings than this are too common to mean a vocabulary


def string_tables(source: str) -> list[tuple[int, frozenset[str]]]:
    """(line, strings) for every table a module defines: a literal of SMALLEST_TABLE or more
    string constants (a tuple, list or set; a dict's keys; a dict's values) inside a module-level
    UPPER_CASE constant. Lowercased: "MO" and "mo" are one table. Literals inside functions are
    JSON shapes and column lists, not vocabularies."""
    found = []
    for statement in ast.parse(source).body:
        if not _is_constant(statement):
            continue
        for node in ast.walk(statement.value):
            groups = []
            if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
                groups.append(node.elts)
            elif isinstance(node, ast.Dict):
                groups.append(node.values)
                if all(isinstance(v, ast.Constant) for v in node.values):
                    groups.append(node.keys)  # a lookup table; keys over structures are JSON
            for group in groups:
                strings = [e.value for e in group if isinstance(e, ast.Constant)]
                if len(strings) == len(group) >= SMALLEST_TABLE and all(
                    isinstance(s, str) for s in strings
                ):
                    found.append((node.lineno, frozenset(s.lower() for s in strings)))
    return found


def _is_constant(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Assign):
        targets = statement.targets
    elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
        targets = [statement.target]
    else:
        return False
    return all(isinstance(t, ast.Name) and t.id.isupper() for t in targets)


def tables_by_module() -> dict[str, list[tuple[int, frozenset[str]]]]:
    names = sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py"))
    return {n: string_tables((PACKAGE / n).read_text(encoding="utf-8")) for n in names}


# Tables still repeated (ARCHITECTURE.md, "Not yet"): finder/search.py is being edited
# elsewhere, so its day and language tables move to vocab after the merge; the rest are label
# tables keyed by a vocabulary (to become columns of vocab's tables) and parameter lists (for
# params.py). Only shrink this list: a new repeated table fails.
VOCAB_NOT_YET = {
    ("publish/csv_table.py", frozenset(("1st", "2nd", "3rd", "4th", "5th", "last"))),
    ("publish/oruk.py", frozenset(("hybrid", "in_person", "online"))),
    (
        "publish/oruk_query.py",
        frozenset(
            (
                "day",
                "end_time",
                "format",
                "full",
                "modified_after",
                "organization_id",
                "page",
                "per_page",
                "postcode",
                "proximity",
                "search",
                "start_time",
                "taxonomy_id",
                "taxonomy_term_id",
            )
        ),
    ),
    ("publish/oruk_query.py", frozenset(("format", "page", "per_page"))),
    ("web/editor.py", frozenset(("exact", "place", "postcode"))),
    (
        "web/imports.py",
        frozenset(("auto", "csv", "geojson", "meeting-guide", "oruk", "tsml", "xlsx")),
    ),
    ("web/openapi_schemas.py", frozenset(("coordinates", "place", "postcode"))),
}


def duplicated_tables(tables: dict) -> list[str]:
    """Each literal outside vocab.py that repeats a vocab table, or a table of another module."""
    vocab = {strings for _, strings in tables.get(VOCAB, [])}
    first_seen: dict[frozenset[str], str] = {}
    found = []
    for name, literals in tables.items():
        if name == VOCAB:
            continue
        for line, strings in literals:
            where = f"{name}:{line}"
            if (name, strings) in VOCAB_NOT_YET:
                continue
            if strings in vocab:
                found.append(f"{where} repeats a table of vocab.py: {sorted(strings)}")
            elif strings in first_seen and not first_seen[strings].startswith(name + ":"):
                found.append(f"{where} repeats {first_seen[strings]}: {sorted(strings)}")
            first_seen.setdefault(strings, where)
    return found


def test_a_vocabulary_is_defined_once():
    assert duplicated_tables(tables_by_module()) == []


def test_a_repeated_table_is_found():
    tables = {
        VOCAB: string_tables('DAYS = ("mon", "tue", "wed")'),
        "a.py": string_tables('X = {"MON": 0, "TUE": 1, "WED": 2}\nY = ["one", "two", "three"]'),
        "b.py": string_tables('Z = {"One", "Two", "Three"}\nW = ("ok", "no")'),
    }
    assert duplicated_tables(tables) == [
        "a.py:1 repeats a table of vocab.py: ['mon', 'tue', 'wed']",
        "b.py:1 repeats a.py:2: ['one', 'three', 'two']",
    ]


def test_the_tables_not_yet_moved_are_still_there():
    # An entry whose table is gone or moved must leave VOCAB_NOT_YET, so the list stays true.
    tables = tables_by_module()
    present = {(name, strings) for name, literals in tables.items() for _, strings in literals}
    assert VOCAB_NOT_YET - present == set()


# --- templates in a folder per blueprint ---------------------------------------------------

TEMPLATES = PACKAGE / "templates"
SHARED_TEMPLATES = {"base.html", "error.html", "_checks.html", "_fields.html"}  # every blueprint's


def blueprint_names() -> set[str]:
    names = set()
    for path in (PACKAGE / "web").glob("*.py"):
        names |= set(re.findall(r'Blueprint\(\s*"(\w+)"', path.read_text(encoding="utf-8")))
    return names


def test_templates_are_shared_or_in_their_blueprints_folder():
    misplaced = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES)
        shared = len(name.parts) == 1 and name.name in SHARED_TEMPLATES
        if not shared and not (len(name.parts) == 2 and name.parts[0] in blueprint_names()):
            misplaced.append(name.as_posix())
    assert misplaced == []
