"""Gap parameters: defaults, lists, canonical order, and errors that name the parameter."""

import pytest
from werkzeug.datastructures import MultiDict

from mapapp import vocab as D
from mapapp.analysis.params import GapParams, parse_gap_params
from mapapp.params import BadParameter


def _parse(**args):
    return parse_gap_params(MultiDict(args))


def test_defaults_are_a_twenty_minute_walk_and_five_kilometres():
    params = _parse()
    assert params == GapParams()
    assert params.thresholds_m == (1600.0, 5000.0) and params.threshold_m == 1600.0
    assert params.domains == D.CODES and params.attendance == ("in_person", "hybrid")
    assert params.audience == ()


@pytest.mark.parametrize(
    "args, thresholds",
    [
        ({"threshold_m": "5000"}, (5000.0,)),
        ({"threshold_m": "800,1600"}, (800.0, 1600.0)),
        ({"threshold_m": ["2000", "750.5"]}, (2000.0, 750.5)),
        ({"threshold_m": "1600,1600"}, (1600.0,)),
        ({"threshold_m": "1600,1600,1600,1600,1600"}, (1600.0,)),  # repeats are not counted
        ({"threshold_m": "1600,1600.0,5000"}, (1600.0, 5000.0)),
        ({"threshold_m": "50000"}, (50000.0,)),
    ],
)
def test_thresholds(args, thresholds):
    assert parse_gap_params(MultiDict(args)).thresholds_m == thresholds


def test_choices_keep_the_canonical_order_whatever_the_url_order():
    params = _parse(domain="treatment,twelve-step", audience="men,women")
    assert params.domains == ("twelve-step", "treatment")
    assert params.audience == ("women", "men")
    assert params.query() == [
        ("threshold_m", "1600"),
        ("threshold_m", "5000"),
        ("domain", "twelve-step"),
        ("domain", "treatment"),
        ("audience", "women"),
        ("audience", "men"),
    ]


@pytest.mark.parametrize(
    "args, parameter, allowed",
    [
        # Each threshold case names what is wrong with that value, before the general help.
        ({"threshold_m": "0"}, "threshold_m", "more than 0 metres — "),
        ({"threshold_m": "-5"}, "threshold_m", "more than 0 metres — "),
        ({"threshold_m": "50001"}, "threshold_m", "at most 50,000 metres — "),
        ({"threshold_m": "far"}, "threshold_m", "a number of metres — "),
        ({"threshold_m": "nan"}, "threshold_m", "a number of metres — "),
        ({"threshold_m": "inf"}, "threshold_m", "a number of metres — "),
        ({"threshold_m": "1,2,3,4,5"}, "threshold_m", "at most 4 distances — "),
        ({"domain": "football"}, "domain", "twelve-step"),
        ({"attendance": "online"}, "attendance", "counted separately"),
        ({"attendance": "telepathy"}, "attendance", "in_person, hybrid"),
        ({"audience": "UK"}, "audience", "women"),
    ],
)
def test_bad_values_name_the_parameter_and_what_is_allowed(args, parameter, allowed):
    with pytest.raises(BadParameter) as caught:
        parse_gap_params(MultiDict(args))
    assert caught.value.status_code == 400
    assert caught.value.details["parameter"] == parameter
    assert allowed in caught.value.details["allowed"]


def test_the_gap_parameters_are_documented_from_the_table_they_are_read_with():
    from mapapp.analysis.params import GAPS
    from mapapp.web.openapi import GAP_PARAMETERS

    assert GAP_PARAMETERS == GAPS.openapi()
    assert [p["name"] for p in GAP_PARAMETERS] == [
        "threshold_m",
        "domain",
        "attendance",
        "audience",
    ]
    attendance = GAP_PARAMETERS[2]["schema"]["items"]["enum"]
    assert attendance == ["in_person", "hybrid"]  # online is refused, with why


# --- the decision pages' tables: the gap analysis's parameters and their own ----------------

DECISION_TABLES = {
    "scenario": ("SCENARIO", ["add", "close"]),
    "priorities": ("PRIORITIES", ["deprived_weight", "sort", "sort_domain"]),
    "best_sites": ("SITES", ["domain", "k", "day", "part"]),
}


def _table(module: str):
    import importlib

    name = {"scenario": "scenario_params"}.get(module, module)
    return getattr(importlib.import_module(f"mapapp.analysis.{name}"), DECISION_TABLES[module][0])


@pytest.mark.parametrize("module", DECISION_TABLES)
def test_each_decision_table_documents_what_it_reads_with_the_gap_parameters(module):
    from mapapp.analysis.params import GAPS

    table, own = _table(module), DECISION_TABLES[module][1]
    documented = [p["name"] for p in table.openapi()]
    assert documented == [p.name for p in table.params]
    gaps = [p.name for p in GAPS.params if p.name not in own]
    assert sorted(documented) == sorted(own + gaps)  # best sites: its own one domain


@pytest.mark.parametrize(
    "module, name",
    [(module, name) for module, (_, own) in DECISION_TABLES.items() for name in own],
)
def test_a_wrong_decision_parameter_is_a_400_naming_it(module, name):
    param = _table(module).by_name[name]
    args = MultiDict({"domain": "mutual-aid", name: "not-a-value"})
    with pytest.raises(BadParameter) as caught:
        param.read(args)
    assert caught.value.status_code == 400
    assert caught.value.message.startswith(f"'not-a-value' is not a valid {name}: use ")


def test_the_decision_endpoints_are_documented_from_their_tables():
    from mapapp.analysis.best_sites import SITES
    from mapapp.analysis.priorities import PRIORITIES
    from mapapp.analysis.scenario_params import SCENARIO
    from mapapp.web.openapi import PATHS

    for path, table in (
        ("/api/gaps/scenario", SCENARIO),
        ("/api/gaps/priorities", PRIORITIES),
        ("/api/gaps/priorities.csv", PRIORITIES),
        ("/api/gaps/best-sites", SITES),
        ("/api/gaps/best-sites.csv", SITES),
    ):
        assert PATHS[path]["get"]["parameters"] == table.openapi(), path
