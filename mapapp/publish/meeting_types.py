"""Meeting Guide type codes: the spec's own, mapapp's custom ones, and which tags they carry.

The spec (code4recovery ``@code4recovery/spec`` 1.1.9, the list TSML UI builds with) reserves
87 codes; it has proposed six more (``BV-I``, ``D-HOH``, ``LO-I``, ``POA``, ``QSL``,
``RSL``), and TSML UI keeps ``ONL``, ``SPD``, ``active``, ``inactive``, ``in-person`` and
``online`` for itself. None of those is ever written with another meaning: ``FF`` is
"Fragrance Free", ``UK`` is Ukrainian, ``TR`` is Tradition Study (Turkish is ``TUR``).

What the spec has no code for gets a custom code (CUSTOM_TYPES). TSML UI shows a custom code
only when the embedding page labels it; ``tsml_react_config_snippet()`` is the snippet to
add, and docs/ lists the codes in words. A code that is neither the spec's nor ours (a
source's own invention) is kept on the listing but not published: no finder could label it.
"""

from __future__ import annotations

import json

# The spec's codes and their English names (test_meeting_types checks them against the
# spec's own list, tests/data/meeting-guide/types.json).
SPEC_TYPES: dict[str, str] = {
    "11": "11th Step Meditation",
    "12x12": "12 Steps & 12 Traditions",
    "A": "Secular",
    "ABSI": "As Bill Sees It",
    "AF": "Afrikaans",
    "AL": "Concurrent with Alateen",
    "AL-AN": "Concurrent with Al-Anon",
    "AM": "Amharic",
    "AR": "Arabic",
    "ASL": "American Sign Language",
    "B": "Big Book",
    "BA": "Babysitting Available",
    "BE": "Newcomer",
    "BG": "Bulgarian",
    "BI": "Bisexual",
    "BRK": "Breakfast",
    "C": "Closed",
    "CAN": "Candlelight",
    "CF": "Child-Friendly",
    "D": "Discussion",
    "DA": "Danish",
    "DB": "Digital Basket",
    "DD": "Dual Diagnosis",
    "DE": "German",
    "DR": "Daily Reflections",
    "EL": "Greek",
    "EN": "English",
    "FA": "Persian",
    "FI": "Finnish",
    "FF": "Fragrance Free",
    "FR": "French",
    "G": "Gay",
    "GR": "Grapevine",
    "H": "Birthday",
    "HE": "Hebrew",
    "HI": "Hindi",
    "HR": "Croatian",
    "HU": "Hungarian",
    "IS": "Icelandic",
    "ITA": "Italian",
    "JA": "Japanese",
    "KA": "Georgian",
    "KOR": "Korean",
    "L": "Lesbian",
    "LGBTQ": "LGBTQ",
    "LIT": "Literature",
    "LS": "Living Sober",
    "LT": "Lithuanian",
    "M": "Men",
    "MED": "Meditation",
    "ML": "Malayalam",
    "MT": "Maltese",
    "N": "Native American",
    "NB": "Non-Binary",
    "NDG": "Indigenous",
    "NE": "Nepali",
    "NL": "Dutch",
    "NO": "Norwegian",
    "O": "Open",
    "OUT": "Outdoor",
    "P": "Professionals",
    "POA": "Proof of Attendance",
    "POC": "People of Color",
    "POL": "Polish",
    "POR": "Portuguese",
    "PUN": "Punjabi",
    "RUS": "Russian",
    "S": "Spanish",
    "SEN": "Seniors",
    "SK": "Slovak",
    "SL": "Slovenian",
    "SM": "Smoking Permitted",
    "SP": "Speaker",
    "ST": "Step Study",
    "SV": "Swedish",
    "T": "Transgender",
    "TC": "Location Temporarily Closed",
    "TH": "Thai",
    "TL": "Tagalog",
    "TR": "Tradition Study",
    "TUR": "Turkish",
    "UK": "Ukrainian",
    "W": "Women",
    "X": "Wheelchair Access",
    "XB": "Wheelchair-Accessible Bathroom",
    "XT": "Cross Talk Permitted",
    "Y": "Young People",
}
# Proposed to the spec (code4recovery/spec data/proposed-new.json) and TSML UI's own: never
# to be reused either.
PROPOSED_TYPES = ("BV-I", "D-HOH", "LO-I", "POA", "QSL", "RSL")
FINDER_TYPES = ("ONL", "SPD", "active", "inactive", "in-person", "online")

# Custom codes for what the spec cannot say, with the words TSML UI should show.
CUSTOM_TYPES: dict[str, str] = {
    "BSL": "British Sign Language",
    "FAM": "Family and Friends",
    "VET": "Veterans",
    "HL": "Hearing Loop",
    "CY": "Welsh",
    "UR": "Urdu",
    "BN": "Bengali",
}

# Audience language tags (ISO 639-1; ``ukr`` for Ukrainian, never ``uk``) -> type code.
LANGUAGE_CODES: dict[str, str] = {
    "af": "AF",
    "am": "AM",
    "ar": "AR",
    "bg": "BG",
    "da": "DA",
    "de": "DE",
    "el": "EL",
    "en": "EN",
    "fa": "FA",
    "fi": "FI",
    "fr": "FR",
    "he": "HE",
    "hi": "HI",
    "hr": "HR",
    "hu": "HU",
    "is": "IS",
    "it": "ITA",
    "ja": "JA",
    "ka": "KA",
    "ko": "KOR",
    "lt": "LT",
    "ml": "ML",
    "mt": "MT",
    "ne": "NE",
    "nl": "NL",
    "no": "NO",
    "pl": "POL",
    "pt": "POR",
    "pa": "PUN",
    "ru": "RUS",
    "es": "S",
    "sk": "SK",
    "sl": "SL",
    "sv": "SV",
    "th": "TH",
    "tl": "TL",
    "tr": "TUR",
    "ukr": "UK",
    "cy": "CY",
    "ur": "UR",
    "bn": "BN",
}

# (tag category, tag) -> type code. Read the other way, it is how imports turn codes into
# tags (a code that means a tag), so one table says both.
TAG_CODES: dict[tuple[str, str], str] = {
    ("audience", "women"): "W",
    ("audience", "men"): "M",
    ("audience", "lgbtq"): "LGBTQ",
    ("audience", "young-people"): "Y",
    ("audience", "bsl"): "BSL",
    ("audience", "family-friends"): "FAM",
    ("audience", "veterans"): "VET",
    ("accessibility", "wheelchair"): "X",
    ("accessibility", "accessible-toilet"): "XB",
    ("accessibility", "hearing-loop"): "HL",
    **{("audience", tag): code for tag, code in LANGUAGE_CODES.items()},
}
CODE_TAGS: dict[str, tuple[str, str]] = {code: tag for tag, code in TAG_CODES.items()}


def label(code: str) -> str | None:
    """The words for a code: the spec's name, or ours for a custom code; None if neither."""
    return SPEC_TYPES.get(code) or CUSTOM_TYPES.get(code)


def published_types(source_codes, tags) -> list[str]:
    """The codes a listing is published with: its source's codes that a finder can label,
    then those its tags mean; each once, in that order. ``tags`` are (category, tag)."""
    tags = set(tags)
    codes = [str(code) for code in (source_codes or [])]
    if ("audience", "family-friends") in tags:
        # Older imports stored the spreadsheet words "Family and Friends" as FF, which the
        # spec reserves for Fragrance Free: with the family tag, FF meant family.
        codes = [code for code in codes if code != "FF"]
    codes += [TAG_CODES[tag] for tag in sorted(tags) if tag in TAG_CODES]
    return [code for code in dict.fromkeys(codes) if label(code)]


def tsml_react_config() -> dict:
    """What an embedding page gives TSML UI so that it shows every custom code."""
    return {"strings": {"en": {"types": dict(CUSTOM_TYPES)}}}


def tsml_react_config_snippet() -> str:
    """The script an embedding page adds before TSML UI's own (see docs/)."""
    body = json.dumps(tsml_react_config(), indent=2, ensure_ascii=False)
    return f"<script>\nvar tsml_react_config = {body};\n</script>"
