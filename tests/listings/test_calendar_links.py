"""Add-to-calendar links carry the session in UTC, the place and the listing's page."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from mapapp.listings.calendar_links import calendar_links
from mapapp.listings.schedules import LONDON


def test_google_and_outlook_links_for_a_summer_evening():
    start = dt.datetime(2026, 7, 6, 19, 30, tzinfo=LONDON)  # BST: 18:30 UTC
    links = calendar_links(
        "Hope & Co AA", (start, start + dt.timedelta(hours=1)), "Hall, DE4 3NN", "https://x/a/1"
    )
    google = parse_qs(urlsplit(links["google"]).query)
    assert google["dates"] == ["20260706T183000Z/20260706T193000Z"]
    assert (google["text"], google["location"], google["details"]) == (
        ["Hope & Co AA"],
        ["Hall, DE4 3NN"],
        ["https://x/a/1"],
    )
    outlook = parse_qs(urlsplit(links["outlook"]).query)
    assert (outlook["startdt"], outlook["enddt"]) == (
        ["2026-07-06T18:30:00Z"],
        ["2026-07-06T19:30:00Z"],
    )
    assert outlook["subject"] == ["Hope & Co AA"]
