"""The Meeting Guide feed against the spec's own type list (tests/data/meeting-guide, see its
SOURCE.md): no reserved or proposed code used for another meaning, every custom code in the
docs with its words and the tsml_react_config snippet; regions from the listing's real
district; ``website``; ended and not-yet-started schedules. Both backends."""

from __future__ import annotations

import json
import re

import pytest

from mapapp import vocab
from mapapp.publish import meeting_types
from tests.conftest import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data" / "meeting-guide"
SPEC = json.loads((DATA / "types.json").read_text())
PROPOSED = json.loads((DATA / "proposed-new.json").read_text())
FINDER = {"ONL", "SPD", "active", "inactive", "in-person", "online"}  # TSML UI's own
DOCS = PROJECT_ROOT / "docs" / "api.md"


def documented_custom_types() -> dict[str, str]:
    """Custom code -> words, from the docs page's table (rows '| `CODE` | words | …')."""
    text = DOCS.read_text()
    section = text[text.index("## Meeting Guide type codes") :]
    section = section[: section.index("\n## ", 4)] if "\n## " in section[4:] else section
    return dict(re.findall(r"^\| `([^`]+)` \| ([^|]+?) \|", section, re.M))


def documented_snippet() -> dict:
    """The tsml_react_config object of the docs page's snippet."""
    text = DOCS.read_text()
    match = re.search(r"var tsml_react_config = (\{.*?\});\n</script>", text, re.S)
    assert match, f"{DOCS} has no tsml_react_config snippet"
    return json.loads(match.group(1))


def words_for(code: str) -> str | None:
    return SPEC.get(code) or documented_custom_types().get(code)


def _feed(site) -> dict[str, list[dict]]:
    response = site.client.get("/feeds/meeting-guide.json")
    assert response.status_code == 200
    by_name: dict[str, list[dict]] = {}
    for entry in response.get_json():
        by_name.setdefault(entry["name"], []).append(entry)
    return by_name


# --- type codes -------------------------------------------------------------------------------


def test_the_spec_table_in_the_vocabulary_is_the_spec():
    assert vocab.SPEC_TYPES == SPEC
    assert set(vocab.PROPOSED_TYPES) == set(PROPOSED)


def test_custom_codes_collide_with_nothing_reserved_or_proposed():
    custom = set(vocab.CUSTOM_TYPES)
    assert not custom & (set(SPEC) | set(PROPOSED) | FINDER)
    assert "FF" not in custom and "UK" not in custom


def test_every_custom_code_is_documented_with_words_and_the_snippet():
    assert documented_custom_types() == vocab.CUSTOM_TYPES
    assert documented_snippet() == {"strings": {"en": {"types": vocab.CUSTOM_TYPES}}}
    assert meeting_types.tsml_react_config_snippet() in DOCS.read_text()


@pytest.mark.parametrize(
    "tag, words",
    [
        (("audience", "women"), "Women"),
        (("audience", "men"), "Men"),
        (("audience", "young-people"), "Young People"),
        (("audience", "lgbtq"), "LGBTQ"),
        (("audience", "family-friends"), "Family and Friends"),
        (("audience", "veterans"), "Veterans"),
        (("audience", "bsl"), "British Sign Language"),
        (("accessibility", "wheelchair"), "Wheelchair Access"),
        (("accessibility", "accessible-toilet"), "Wheelchair-Accessible Bathroom"),
        (("accessibility", "hearing-loop"), "Hearing Loop"),
        (("audience", "ukr"), "Ukrainian"),
        (("audience", "pl"), "Polish"),
        (("audience", "pa"), "Punjabi"),
        (("audience", "tr"), "Turkish"),
        (("audience", "es"), "Spanish"),
        (("audience", "it"), "Italian"),
        (("audience", "cy"), "Welsh"),
        (("audience", "ur"), "Urdu"),
        (("audience", "bn"), "Bengali"),
    ],
)
def test_each_tag_is_published_as_a_code_that_means_it(tag, words):
    [code] = meeting_types.published_types([], [tag])
    assert words_for(code) == words


def test_codes_a_finder_cannot_label_are_not_published():
    assert meeting_types.published_types(["O", "HY", "D"], []) == ["O", "D"]
    # FF is Fragrance Free; stored beside the family tag it was an old "family" code.
    assert meeting_types.published_types(["FF"], []) == ["FF"]
    assert meeting_types.published_types(["FF", "C"], [("audience", "family-friends")]) == [
        "C",
        "FAM",
    ]


def test_the_feed_says_what_each_meeting_is_in_words_a_finder_knows(standards_site):
    feed = _feed(standards_site)
    for entries in feed.values():
        for entry in entries:
            assert all(words_for(code) for code in entry["types"]), entry["types"]
            assert not set(entry["types"]) & (set(PROPOSED) - set(SPEC))
    derby = [words_for(c) for c in feed["Derby Open AA"][0]["types"]]
    assert sorted(derby) == [
        "British Sign Language",
        "Discussion",
        "Hearing Loop",
        "Open",
        "Wheelchair Access",
    ]
    family = [words_for(c) for c in feed["Chesterfield Family Group"][0]["types"]]
    assert sorted(family) == [
        "Bengali",
        "Closed",
        "Family and Friends",
        "Polish",
        "Punjabi",
        "Ukrainian",
        "Urdu",
        "Veterans",
        "Welsh",
    ]
    assert "Fragrance Free" not in family


# --- where --------------------------------------------------------------------------------


def _regions(entry) -> list[str]:
    """The regions a finder files the meeting under: TSML UI falls back to the city."""
    return entry["regions"] if "regions" in entry else [entry["city"]]


@pytest.mark.parametrize(
    "name, regions",
    [
        ("Derby Open AA", ["Derbyshire", "Derby"]),
        ("Chesterfield Family Group", ["Derbyshire", "Chesterfield"]),
        ("Sheffield Third Wednesday", ["Sheffield"]),  # a neighbour: not under Derbyshire
        ("Doncaster Fortnightly", ["Doncaster"]),  # no district known: its town, not the area
    ],
)
def test_regions_come_from_the_real_district(standards_site, name, regions):
    [entry] = _feed(standards_site)[name]
    assert _regions(entry) == regions


# --- website, and schedules with start and end dates ------------------------------------------


def test_every_entry_has_a_website_and_appointments_lead_to_their_dates(standards_site):
    feed = _feed(standards_site)
    for entries in feed.values():
        for entry in entries:
            assert re.fullmatch(r"https?://\S+", entry["website"]), entry
            if "day" not in entry:  # by appointment: the listing page has the dates
                assert entry["website"] == entry["url"]
    assert feed["Derby Open AA"][0]["website"] == "https://derby-aa.example.org"
    assert feed["Online Night Owls"][0]["website"] == "https://owls.example.org"
    family = feed["Chesterfield Family Group"][0]  # no website of its own: its page
    assert family["website"] == family["url"]
    monthly = feed["Sheffield Third Wednesday"][0]
    assert "day" not in monthly and monthly["website"] == monthly["url"]
    assert monthly["notes"].startswith("Every 3rd Wednesday of the month, 19:00–20:30.")


def test_an_ended_schedule_is_not_published_as_a_weekly_meeting(standards_site):
    [ended] = _feed(standards_site)["Ended Tuesday Group"]
    assert "day" not in ended and "time" not in ended  # as its page says: by arrangement
    assert "Tuesday" not in ended.get("notes", "")
    page = standards_site.client.get(ended["url"]).get_data(as_text=True)
    assert "by arrangement" in page


def test_a_schedule_that_ends_later_is_weekly_until_then(standards_site):
    [ending] = _feed(standards_site)["Ending Thursday Group"]
    assert (ending["day"], ending["time"], ending["end_time"]) == (4, "18:00", "19:00")
    assert "26 Mar 2026" in ending["notes"]


@pytest.mark.parametrize(
    "name, first", [("Starting Saturday Group", "14 Feb 2026"), ("Next Year Group", "05 Jun 2027")]
)
def test_a_schedule_not_started_yet_is_not_weekly_before_it_starts(standards_site, name, first):
    [entry] = _feed(standards_site)[name]
    assert "day" not in entry and "time" not in entry
    assert first in entry["notes"] and "Saturday" in entry["notes"]
    assert entry["website"] == entry["url"]
