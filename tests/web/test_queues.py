"""The review queues: exactly the expected listings, each action's effect and history rows,
clear messages for bad input, roles, CSRF and inert stored markup (both backends)."""

import datetime as dt
import re

import pytest
from sqlalchemy import select

from mapapp.db import session_scope
from mapapp.listings import history
from mapapp.models import (
    Asset,
    AssetChange,
    AssetSource,
    DuplicateCandidate,
    IngestIssue,
    IngestRun,
)
from tests.conftest import make_test_app
from tests.factories import BUXTON, DERBY, SHEFFIELD, listing, signed_in, token, user

NOW = dt.datetime(2026, 5, 11, 10, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
DERBY_CODE, HIGH_PEAK = "E06000015", "E07000037"


@pytest.fixture
def site(reference_db, engine_for):
    """Listings with known queue states; ids by name in ``site.ids``."""
    engine = engine_for(reference_db)
    with session_scope(engine) as session:
        made = {
            # stale queue: never verified first, then oldest; s3 is fresh, s5 inactive
            "s1": listing(session, "s1", at=DERBY),
            "s2": listing(
                session, "s2", at=DERBY, verified=NOW - 200 * DAY, domains=["activities"]
            ),
            "s3": listing(session, "s3", at=DERBY, verified=NOW - 10 * DAY),
            "s4": listing(session, "s4", at=BUXTON, verified=NOW - 300 * DAY),
            "s5": listing(session, "s5", at=DERBY, status="inactive"),
            "s6": listing(session, "s6", venue=False, verified=NOW - 190 * DAY),
            # geocode queue (all verified, so not stale)
            "g1": listing(session, "g1", at=SHEFFIELD, verified=NOW),
            "g2": listing(
                session, "g2", address="1 Nowhere Lane", postcode="ZZ1 1ZZ", verified=NOW
            ),
            "g3": listing(
                session,
                "g3",
                at=BUXTON,
                precision="place",
                source="place:town",
                verified=NOW,
                town="Buxton",
            ),
            "g4": listing(
                session, "g4", at=BUXTON, precision="place", source="navigator:place", verified=NOW
            ),
            "g5": listing(session, "g5", verified=NOW),  # a venue with a name only
            # needs review
            "r1": listing(
                session,
                "r1",
                at=DERBY,
                verified=NOW,
                review="postcode DE99 9ZZ is not in the reference postcodes",
            ),
            "r2": listing(
                session,
                "r2",
                at=BUXTON,
                verified=NOW,
                review="possible duplicate",
                domains=["mutual-aid"],
            ),
            "x": listing(session, XSS, at=DERBY, review=XSS, postcode="S40 1LP"),
        }
        run = IngestRun(source="intergroup", status="completed", started_at=NOW - DAY)
        session.add(run)
        session.flush()
        session.add(
            IngestIssue(
                run_id=run.id,
                row_number=12,
                severity="flagged",
                reason="postcode DE99 9ZZ is not in the reference postcodes",
                original={"postcode": "DE99 9ZZ"},
                asset_id=made["r1"].id,
            )
        )
        ids = {name: asset.id for name, asset in made.items()}
        users = {role: user(session, role) for role in ("navigator", "commissioner", "admin")}
    app = make_test_app(reference_db)
    app.config["CLOCK"] = lambda: NOW
    site = type("Site", (), {"app": app, "engine": engine, "ids": ids, "users": users})
    yield site
    app.extensions["mapapp.engine"].dispose()


def _client(site, role="navigator"):
    return signed_in(site.app, site.users[role])


def _listed(html) -> list[int]:
    return [int(n) for n in re.findall(r'<tr data-asset="(\d+)"', html)]


def _names(site, *names):
    return [site.ids[n] for n in names]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["s1", "x", "s4", "s2", "s6"]),
        ("?district=E06000015", ["s1", "x", "s2"]),
        ("?district=none", ["s6"]),
        ("?domain=activities", ["s2"]),
        ("?district=E07000037&domain=twelve-step", ["s4"]),
    ],
)
def test_stale_queue_lists_exactly_the_stale_listings_oldest_first(site, query, expected):
    page = _client(site).get("/workspace/queues/stale" + query)
    assert page.status_code == 200
    assert _listed(page.get_data(as_text=True)) == _names(site, *expected)


def test_a_bad_filter_is_named_next_to_its_field(site):
    page = _client(site).get("/workspace/queues/stale?district=E99999999&domain=golf&page=x")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "“E99999999” is not a district in the area: choose one below." in html
    assert "“golf” is not a domain: choose one below." in html
    assert "“x” is not a page number: showing the first page." in html
    assert len(_listed(html)) == 5  # unfiltered


def test_stale_queue_pages(site, monkeypatch):
    monkeypatch.setattr("mapapp.workspace.queues.PAGE_SIZE", 2)
    client = _client(site)
    first = client.get("/workspace/queues/stale").get_data(as_text=True)
    third = client.get("/workspace/queues/stale?page=3").get_data(as_text=True)
    assert _listed(first) == _names(site, "s1", "x") and "page 1 of 3" in first
    assert 'href="/workspace/queues/stale?page=2" rel="next"' in first
    assert _listed(third) == _names(site, "s6") and 'rel="next"' not in third
    assert _listed(client.get("/workspace/queues/stale?page=9").get_data(as_text=True)) == _names(
        site, "s6"
    )  # past the end: the last page


def test_needs_review_queue_shows_reason_and_import_issue(site):
    client = _client(site)
    html = client.get("/workspace/queues/review").get_data(as_text=True)
    assert _listed(html) == _names(site, "r1", "r2", "x")
    assert "Import" in html and "of “intergroup”, row 12" in html
    assert "postcode DE99 9ZZ is not in the reference postcodes" in html
    assert _listed(
        client.get("/workspace/queues/review?domain=mutual-aid").get_data(as_text=True)
    ) == _names(site, "r2")
    r1 = site.ids["r1"]
    done = client.post(
        f"/workspace/queues/review/{r1}/reviewed", data={"csrf_token": token(client)}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/workspace/queues/review"
    after = client.get("/workspace/queues/review").get_data(as_text=True)
    assert _listed(after) == _names(site, "r2", "x") and "is marked as reviewed" in after
    with session_scope(site.engine) as session:
        asset = session.get(Asset, r1)
        assert (asset.needs_review, asset.review_reason) == (False, None)
        change = session.scalars(select(AssetChange).where(AssetChange.asset_id == r1)).one()
        assert (
            change.field,
            change.old_value,
            change.new_value,
            change.changed_by,
            change.changed_at,
        ) == (
            "needs_review",
            "postcode DE99 9ZZ is not in the reference postcodes",
            None,
            "navigator@example.org",
            NOW,
        )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", [("g1", "outside"), ("g2", "unlocated"), ("g3", "place")]),
        ("?problem=outside", [("g1", "outside")]),
        ("?district=none", [("g1", "outside"), ("g2", "unlocated")]),
        ("?district=E07000037", [("g3", "place")]),
    ],
)
def test_geocode_queue_lists_exactly_the_location_problems(site, query, expected):
    html = _client(site).get("/workspace/queues/geocode" + query).get_data(as_text=True)
    rows = [
        (int(i), p) for i, p in re.findall(r'<tr data-asset="(\d+)" data-problem="(\w+)"', html)
    ]
    assert rows == [(site.ids[name], problem) for name, problem in expected]


def _fix(client, asset_id, **form):
    path = f"/workspace/queues/geocode/{asset_id}"
    return client.post(path, data={"csrf_token": token(client, path), **form})


def _location(site, asset_id):
    with session_scope(site.engine) as session:
        asset = session.get(Asset, asset_id)
        lon, lat = history.point_of(asset.venue)
        venue = asset.venue
        changes = [
            (c.field, c.old_value, c.new_value, c.via, c.changed_by)
            for c in session.scalars(
                select(AssetChange).where(AssetChange.asset_id == asset_id).order_by(AssetChange.id)
            )
        ]
        return (
            lon,
            lat,
            venue.precision,
            venue.geocode_source,
            venue.district_code,
            venue.outside_area,
        ), changes


def test_fix_by_postcode_places_at_its_centre_and_leaves_the_queue(site):
    client, g2 = _client(site), site.ids["g2"]
    done = _fix(client, g2, method="postcode", postcode=" s40 1lp ")
    assert done.status_code == 302 and done.headers["Location"] == "/workspace/queues/geocode"
    location, changes = _location(site, g2)
    assert location == (
        pytest.approx(-1.432347),
        pytest.approx(53.236731),
        "postcode",
        "navigator:postcode",
        "E07000034",
        False,
    )
    assert changes == [
        ("location", None, '[-1.432347, 53.236731, "postcode"]', "editor", "navigator@example.org")
    ]
    page = client.get("/workspace/queues/geocode").get_data(as_text=True)
    assert g2 not in _listed(page)
    assert "“g2” is now placed at S40 1LP (postcode)." in page


def test_fix_by_place_takes_the_place_in_the_area(site):
    client, g1 = _client(site), site.ids["g1"]
    # Forty places are called Newton; the one in the area is the Bolsover village.
    assert _fix(client, g1, method="place", place="newton").status_code == 302
    location, changes = _location(site, g1)
    assert location == (
        pytest.approx(-1.338894),
        pytest.approx(53.13067),
        "place",
        "navigator:place",
        "E07000033",
        False,
    )
    assert changes[0][:3] == (
        "location",
        '[-1.4701, 53.3811, "postcode"]',
        '[-1.338894, 53.13067, "place"]',
    )
    assert g1 not in _listed(client.get("/workspace/queues/geocode").get_data(as_text=True))


def test_confirming_the_same_place_is_recorded_and_leaves_the_queue(site):
    client, g3 = _client(site), site.ids["g3"]
    assert _fix(client, g3, method="place", place="Buxton").status_code == 302
    location, changes = _location(site, g3)
    assert location[2:4] == ("place", "navigator:place")
    assert changes == [
        ("location_source", "place:town", "navigator:place", "editor", "navigator@example.org")
    ]
    assert g3 not in _listed(client.get("/workspace/queues/geocode").get_data(as_text=True))


def test_fix_by_map_point_is_exact_with_its_district(site):
    client, g1 = _client(site), site.ids["g1"]
    assert _fix(client, g1, method="map", lon="-1.4770", lat="52.9225").status_code == 302
    location, _changes = _location(site, g1)
    assert location == (
        pytest.approx(-1.477),
        pytest.approx(52.9225),
        "exact",
        "navigator:map",
        DERBY_CODE,
        False,
    )


@pytest.mark.parametrize(
    "form, field, message",
    [
        (
            {"method": "postcode", "postcode": "ZZ9 9ZZ"},
            "postcode",
            "“ZZ9 9ZZ” is not a postcode in the reference data. Check it, or fix the location by "
            "place name or on the map.",
        ),
        (
            {"method": "postcode", "postcode": "  "},
            "postcode",
            "Enter a postcode, such as DE1 1AA.",
        ),
        (
            {"method": "place", "place": "Atlantis"},
            "place",
            "No town, village or suburb called “Atlantis” is in the reference data. Check the "
            "spelling, or click the map.",
        ),
        (
            {"method": "place", "place": ""},
            "place",
            "Enter a town, village or suburb, such as Belper.",
        ),
        (
            {"method": "map", "lon": "", "lat": ""},
            "point",
            "Click the map to choose the point (or type its longitude and latitude as numbers).",
        ),
        (
            {"method": "map", "lon": "52.9", "lat": "-1.47"},
            "point",
            "That point is not in Great Britain",
        ),
        ({"method": "teleport"}, "method", "Choose how to fix the location"),
    ],
)
def test_a_bad_fix_says_what_to_do_next_to_the_field_and_changes_nothing(
    site, form, field, message
):
    client, g2 = _client(site), site.ids["g2"]
    got = _fix(client, g2, **form)
    html = got.get_data(as_text=True)
    assert got.status_code == 400 and "The location was not changed" in html
    assert message in html
    if field != "method":
        assert f'<span class="field-error" id="{field}-error">{message}' in html
    with session_scope(site.engine) as session:
        asset = session.get(Asset, g2)
        assert asset.venue.geom is None and asset.venue.precision == "none"
        assert session.scalars(select(AssetChange).where(AssetChange.asset_id == g2)).all() == []


def _pair(site):
    """s1 and s3 as duplicates, each with a source; s3 also pairs with s4."""
    with session_scope(site.engine) as session:
        s1, s3, s4 = (site.ids[n] for n in ("s1", "s3", "s4"))
        session.add_all(
            [
                AssetSource(asset_id=s1, source="navigators", source_id="7"),
                AssetSource(asset_id=s3, source="intergroup", source_id="serenity"),
            ]
        )
        first = DuplicateCandidate(asset_id=s1, other_asset_id=s3, score=96.0)
        second = DuplicateCandidate(asset_id=s3, other_asset_id=s4, score=91.0)
        session.add_all([first, second])
        session.flush()
        return first.id, second.id


def test_duplicate_queue_and_side_by_side(site):
    first, second = _pair(site)
    client = _client(site)
    html = client.get("/workspace/queues/duplicates").get_data(as_text=True)
    assert re.findall(r'<tr data-candidate="(\d+)"', html) == [str(first), str(second)]
    assert (
        re.findall(
            r'<tr data-candidate="(\d+)"',
            client.get("/workspace/queues/duplicates?district=E07000037").get_data(as_text=True),
        )
        == []
    )
    page = client.get(f"/workspace/queues/duplicates/{first}").get_data(as_text=True)
    assert '<tr data-field="name" class="differs">' in page
    assert "<td>s1</td><td>s3</td>" in page
    assert '<tr data-field="kind">' in page  # both meetings: not highlighted
    assert "navigators (7)" in page and "intergroup (serenity)" in page
    assert "Merge, keeping A (listing" in page and "Not duplicates" in page


def test_dismiss_closes_the_pair_and_records_it(site):
    first, _second = _pair(site)
    client = _client(site)
    path = f"/workspace/queues/duplicates/{first}"
    done = client.post(path + "/dismiss", data={"csrf_token": token(client, path)})
    assert done.status_code == 302
    with session_scope(site.engine) as session:
        assert session.get(DuplicateCandidate, first).status == "dismissed"
        rows = session.scalars(
            select(AssetChange)
            .where(AssetChange.field == "not_duplicate_of")
            .order_by(AssetChange.asset_id)
        ).all()
        assert [(r.asset_id, r.new_value) for r in rows] == [
            (site.ids["s1"], str(site.ids["s3"])),
            (site.ids["s3"], str(site.ids["s1"])),
        ]
    again = client.post(path + "/dismiss", data={"csrf_token": token(client)})
    assert again.status_code == 409
    assert "This pair was already dismissed" in again.get_data(as_text=True)


def test_merge_through_the_page(site):
    first, second = _pair(site)
    client = _client(site)
    path = f"/workspace/queues/duplicates/{first}"
    missing = client.post(path + "/merge", data={"csrf_token": token(client, path)})
    assert missing.status_code == 400
    assert "Choose which listing to keep" in missing.get_data(as_text=True)
    s1, s3 = site.ids["s1"], site.ids["s3"]
    done = client.post(
        path + "/merge", data={"csrf_token": token(client, path), "keep": str(s1), "take": ["name"]}
    )
    assert done.status_code == 302
    with session_scope(site.engine) as session:
        survivor, other = session.get(Asset, s1), session.get(Asset, s3)
        assert (survivor.name, survivor.status, other.status) == ("s3", "active", "archived")
        assert sorted(s.source for s in survivor.sources) == ["intergroup", "navigators"]
        assert session.get(DuplicateCandidate, first).status == "merged"
        assert session.get(DuplicateCandidate, second).status == "dismissed"
    html = client.get("/workspace/queues/duplicates").get_data(as_text=True)
    assert "Merged: “s3”" in html and 'data-candidate="' not in html


@pytest.mark.parametrize(
    "path",
    [
        "/workspace/queues/stale",
        "/workspace/queues/review",
        "/workspace/queues/geocode",
        "/workspace/queues/duplicates",
    ],
)
def test_queue_pages_refuse_anonymous_and_commissioners(site, path):
    anonymous = site.app.test_client().get(path)
    assert anonymous.status_code == 302
    assert anonymous.headers["Location"] == f"/sign-in?next={path}"
    assert _client(site, "commissioner").get(path).status_code == 403
    assert _client(site, "admin").get(path).status_code == 200


def test_actions_refuse_commissioners_and_need_the_token(site):
    s1 = site.ids["s1"]
    client = _client(site, "commissioner")
    refused = client.post(f"/workspace/listings/{s1}/verify", data={"csrf_token": token(client)})
    assert refused.status_code == 403
    navigator = _client(site)
    assert navigator.post(f"/workspace/listings/{s1}/verify").status_code == 400
    assert (
        navigator.post(
            f"/workspace/queues/geocode/{site.ids['g2']}",
            data={"method": "postcode", "postcode": "S40 1LP"},
        ).status_code
        == 400
    )
    with session_scope(site.engine) as session:
        assert session.get(Asset, s1).last_verified_at is None
        assert session.scalars(select(AssetChange)).all() == []


def test_stored_markup_is_inert_on_every_queue_page(site):
    x = site.ids["x"]
    with session_scope(site.engine) as session:
        candidate = DuplicateCandidate(asset_id=x, other_asset_id=site.ids["s1"], score=90)
        session.add(candidate)
        session.flush()
        candidate_id = candidate.id
    client = _client(site)
    for path in (
        "/workspace/queues/stale",
        "/workspace/queues/review",
        "/workspace/queues/duplicates",
        f"/workspace/queues/geocode/{x}",
        f"/workspace/queues/duplicates/{candidate_id}",
    ):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in html and "<img src=x" not in html, path
        assert "&lt;script&gt;alert(" in html, path


def test_dashboard_figures_link_to_their_queues(site):
    html = _client(site).get("/workspace").get_data(as_text=True)
    derby = re.search(r'<tr data-district="E06000015">(.*?)</tr>', html, re.S).group(1)
    # active, stale, needs review, outside, duplicates, feedback; unpublished inactive (s5),
    # archived: not queues, so not links
    assert re.findall(r'<td class="num">(?:<a href="([^"]*)">)?(\d+)', derby) == [
        ("", "5"),
        ("/workspace/queues/stale?district=E06000015", "3"),
        ("/workspace/queues/review?district=E06000015", "2"),
        ("", "0"),
        ("", "0"),
        ("", "0"),
        ("", "1"),
        ("", "0"),
    ]
    none_row = re.search(r'<tr data-district="none">(.*?)</tr>', html, re.S).group(1)
    assert '<a href="/workspace/queues/geocode?problem=outside&amp;district=none">1</a>' in none_row
    assert '<a href="/workspace/queues/stale?domain=activities">1</a>' in html
    assert '<a href="/workspace/queues/duplicates">' in html  # the navigation
    commissioner = _client(site, "commissioner").get("/workspace").get_data(as_text=True)
    assert "/workspace/queues/" not in commissioner
