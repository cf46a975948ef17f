"""The organisation form's rules, without a database: charity numbers by the registers'
formats, dates in two forms, and no LERO flag without evidence."""

import datetime as dt

import pytest

from mapapp.workspace.organisations import parse

TODAY = dt.date(2026, 12, 4)


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("1123456", "1123456"),
        ("1 123 456", "1123456"),
        ("222123", "222123"),  # older six-digit numbers are still registered
        ("1123456-1", "1123456-1"),  # a linked charity
        ("sc012345", "SC012345"),
        ("NIC100001", "NIC100001"),
    ],
)
def test_charity_numbers_in_each_registers_form_are_kept(typed, stored):
    form = parse({"name": "A", "charity_number": typed}, TODAY)
    assert form.ok and form.values["charity_number"] == stored


@pytest.mark.parametrize("typed", ["12345", "123456789", "SC12345", "CH123456", "1123456-123"])
def test_other_charity_numbers_are_refused(typed):
    assert "charity_number" in parse({"name": "A", "charity_number": typed}, TODAY).errors


@pytest.mark.parametrize(
    "typed, day",
    [("2026-03-14", dt.date(2026, 3, 14)), ("14/3/2026", dt.date(2026, 3, 14)), ("", None)],
)
def test_audit_dates_from_a_date_field_or_typed_the_uk_way(typed, day):
    form = parse({"name": "A", "last_peer_audit": typed}, TODAY)
    assert form.ok and form.values["last_peer_audit"] == day


@pytest.mark.parametrize(
    "fields, ok",
    [
        ({"lero": "1"}, False),
        ({"lero": "1", "quality_standards": "Peer-led quality mark"}, True),
        ({"lero": "1", "last_peer_audit": "2026-01-10"}, True),
        ({"lero": ""}, True),
    ],
)
def test_a_lero_flag_needs_evidence(fields, ok):
    form = parse({"name": "A", **fields}, TODAY)
    assert form.ok is ok
    assert form.values["lero"] is (fields["lero"] == "1")
