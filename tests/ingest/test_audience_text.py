"""Audience and access tags from names, types and notes; negated phrases give none."""

import pytest

from mapapp.ingest.audience_text import tags_in


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Women only", ["women"]),
        ("Buxton Women's AA Step Group", ["women"]),
        ("Ladies group", ["women"]),
        ("Mens group", ["men"]),
        ("Men's Shed", ["men"]),
        ("Staveley Men's NA", ["men"]),
        ("Family and friends", ["family-friends"]),
        ("SMART Family & Friends", ["family-friends"]),
        ("Tideswell Al-Anon", ["family-friends"]),
        ("affected others", ["family-friends"]),
        ("LGBTQ+ friendly", ["lgbtq"]),
        ("Gay and lesbian", ["lgbtq"]),
        ("for veterans", ["veterans"]),
        ("ex-forces", ["veterans"]),
        ("Young people 16-25", ["young-people"]),
        ("under 25s", ["young-people"]),
        ("BSL interpreted", ["bsl"]),
        ("British Sign Language", ["bsl"]),
        ("Polish speaking", ["pl"]),
        ("Punjabi", ["pa"]),
        ("Urdu", ["ur"]),
        ("Bengali", ["bn"]),
        ("Welsh language", ["cy"]),
        ("Ukrainian", ["ukr"]),
        ("wheelchair accessible", ["wheelchair"]),
        ("Step-free route", ["step-free"]),
        ("Ground floor", ["step-free"]),
        ("level access", ["step-free"]),
        ("Ramp at side door", ["step-free"]),
        ("Hearing loop", ["hearing-loop"]),
        ("accessible toilet", ["accessible-toilet"]),
        ("disabled toilet", ["accessible-toilet"]),
        ("Recovery café (hearing loop, step-free)", ["step-free", "hearing-loop"]),
    ],
)
def test_tags(text, expected):
    assert [t.tag for t in tags_in(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "upstairs, no wheelchair access",
        "not step-free",
        "Uneven ground, not wheelchair accessible",
        "Mixed men and women",
        "Open to all",
        "Mental health walk",
        "Menopause cafe",
        "Open meeting",
        "",
        "family-friendly venue",
    ],
)
def test_no_tags(text):
    assert tags_in(text) == ()
