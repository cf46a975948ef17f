"""Every classification rule as a row of a case table."""

import pytest

from mapapp.ingest.classify import FELLOWSHIPS, KEYWORDS, classify, explicit_domains, fellowship_of


@pytest.mark.parametrize(
    "name, type_text, domains, fellowship, kind",
    [
        ("Chesterfield Serenity Group", "AA", ("twelve-step",), "AA", "meeting"),
        ("Alcoholics Anonymous Belper", None, ("twelve-step",), "AA", "meeting"),
        ("Derby NA Just for Today", None, ("twelve-step",), "NA", "meeting"),
        ("Cocaine Anonymous Derby", None, ("twelve-step",), "CA", "meeting"),
        ("Al-Anon Family Group Ilkeston", None, ("twelve-step",), "Al-Anon", "meeting"),
        ("Alateen Derby", None, ("twelve-step",), "Alateen", "meeting"),
        ("Gamblers Anonymous", None, ("twelve-step",), "GA", "meeting"),
        ("Buxton SMART Recovery", None, ("mutual-aid",), "SMART Recovery", "meeting"),
        ("SMART Family & Friends Matlock", None, ("mutual-aid",), "SMART Recovery", "meeting"),
        ("LifeRing Derby", None, ("mutual-aid",), "LifeRing", "meeting"),
        ("Belper Family Support", None, ("mutual-aid",), None, "meeting"),
        ("The Recovery Café", None, ("mutual-aid",), None, "meeting"),
        ("Peer Mentor Drop-in", None, ("recovery-support",), None, "service"),
        ("Recovery coaching 1:1", None, ("recovery-support",), None, "service"),
        ("Matlock walking group", None, ("activities",), None, "activity"),
        ("Recovery Football Ilkeston", None, ("activities",), None, "activity"),
        ("Allotment Project", None, ("activities",), None, "activity"),
        ("Volunteer Peer Supporter", None, ("volunteering",), None, "opportunity"),
        ("Housing Advice Surgery", None, ("community-links",), None, "service"),
        ("Food Bank Heanor", None, ("community-links",), None, "service"),
        ("Peer Leadership Course", None, ("growth-pathways",), None, "opportunity"),
        ("Derby Drug and Alcohol Service", None, ("treatment",), None, "service"),
        ("Alcohol Detox Clinic", None, ("treatment",), None, "service"),
        # a name that says 'volunteers' is a volunteering opportunity, wherever it is held
        ("Community Garden Volunteers", None, ("volunteering",), None, "opportunity"),
        ("Open discussion", "O, D, W", ("twelve-step",), None, "meeting"),
        ("Peer mentor training", None, ("growth-pathways",), None, "opportunity"),
        ("Recovery Dharma Derby", None, ("mutual-aid",), None, "meeting"),
        ("Women's Recovery Circle", None, ("mutual-aid",), None, "meeting"),
        ("Tai Chi in the Park", None, ("activities",), None, "activity"),
        ("Parkrun buddies", None, ("activities",), None, "activity"),
        ("Citizens Advice drop-in", None, ("community-links",), None, "service"),
        ("Naloxone kits and advice", None, ("community-links", "treatment"), None, "service"),
        ("Change Grow Live Chesterfield", None, ("treatment",), None, "service"),
    ],
)
def test_rules(name, type_text, domains, fellowship, kind):
    found = classify(
        name=name,
        fellowship_text=type_text,
        type_codes=tuple(t.strip() for t in (type_text or "").split(",") if t.strip()),
        domain_text="12-step" if name == "Open discussion" else None,
    )
    assert (found.domains, found.fellowship, found.kind) == (domains, fellowship, kind)
    assert found.flag is None


def test_an_explicit_domain_always_wins():
    found = classify(name="Chesterfield AA", domain_text="Volunteering; activities")
    assert found.domains == ("activities", "volunteering")
    assert found.fellowship == "AA"


def test_nothing_matched_is_kept_and_flagged():
    found = classify(name="Thursday Club")
    assert found.domains == ()
    assert found.flag == "no classification rule matched: choose its domains"


def test_unknown_explicit_domain_is_flagged_not_dropped():
    found = classify(name="Walking group", domain_text="sport; fun")
    assert found.domains == ("activities",)
    assert "unknown domain value(s): sport, fun" in found.flag


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12-step", ("twelve-step",)),
        ("Mutual aid", ("mutual-aid",)),
        ("twelve-step, treatment", ("twelve-step", "treatment")),
        ("Education, training, housing and community links", ("community-links",)),
        ("volunteering/growth", ("volunteering", "growth-pathways")),
    ],
)
def test_explicit_domain_words(text, expected):
    assert explicit_domains(text)[0] == expected


@pytest.mark.parametrize(
    "text, fellowship",
    [
        ("a na group", None),  # lower-case 'na' in a sentence is not Narcotics Anonymous
        ("NA", "NA"),
        ("Narcotics Anonymous", "NA"),
        ("ca", None),
        ("CA", "CA"),
        ("coda", None),
        ("CoDA", "CoDA"),
        ("Co-Dependents Anonymous", "CoDA"),
    ],
)
def test_acronyms_are_case_sensitive(text, fellowship):
    assert fellowship_of(text) == fellowship


@pytest.mark.parametrize(
    "codes, tags",
    [
        (("W",), {("audience", "women")}),
        (("M", "X"), {("audience", "men"), ("accessibility", "wheelchair")}),
        (("LGBTQ",), {("audience", "lgbtq")}),
        (("UK",), {("audience", "ukr")}),
        (("BSL", "FF"), {("audience", "bsl"), ("audience", "family-friends")}),
        (("O", "D"), set()),
    ],
)
def test_meeting_guide_type_codes_become_tags(codes, tags):
    assert set(classify(name="Group", domain_text="12-step", type_codes=codes).tags) == tags


def test_family_fellowships_are_tagged_for_family_and_friends():
    assert ("audience", "family-friends") in classify(name="Al-Anon Derby").tags


def test_keyword_and_full_name_rules_are_written_in_lower_case():
    # They are matched case-sensitively against lower-cased text (faster than re.I), so an
    # upper-case letter in a rule could never match.
    for domain, pattern in KEYWORDS:
        assert pattern == pattern.lower(), domain
    for full, _acronym, name in FELLOWSHIPS:
        assert full == full.lower(), name


@pytest.mark.parametrize(
    "text", ["ALCOHOLICS ANONYMOUS", "Alcoholics Anonymous", "alcoholics anonymous"]
)
def test_full_fellowship_names_match_in_any_case(text):
    assert fellowship_of(text) == "AA"


@pytest.mark.parametrize("name", ["WALKING GROUP", "Walking Group", "walking group"])
def test_keywords_match_in_any_case(name):
    assert classify(name=name).domains == ("activities",)
