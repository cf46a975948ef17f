"""Column headers matched on their words, not on a list of exact spellings.

'Website / Zoom', 'Zoom link or website', 'Online link (Zoom/Teams)', 'Finish', 'Who is it
for?', 'Date checked', 'Verified', 'Meeting ID / passcode', 'Day(s) & time', 'E-mail'.

A header is cut into words. The rules below are tried in order; a rule matches when the
header has one of its words (or word pairs) and none of its excluded words. A header that
joins two names with '/', '&', 'and' or 'or' is matched part by part and may name two fields
('Website / Zoom' -> website and conference_url); the row reader then splits its cells by
what each holds.
"""

from __future__ import annotations

import re
from functools import lru_cache

# (field, words any of which match — a word pair is 'a+b', both needed —, excluded words)
RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "source_id",
        ("id", "ref", "reference", "slug", "uid"),
        ("meeting", "zoom", "online", "conference", "passcode", "charity"),
    ),
    (
        "location_notes",
        (
            "directions",
            "location+notes",
            "venue+notes",
            "how+find",
            "location+info",
            "venue+info",
            "access+notes",
            "getting+there",
        ),
        (),
    ),
    (
        "conference_url_notes",
        (
            "meeting+id",
            "zoom+id",
            "passcode",
            "password",
            "conference+notes",
            "online+notes",
            "zoom+details",
            "zoom+notes",
            "meeting+code",
            "online+details",
            "url+notes",
        ),
        ("phone", "dial"),
    ),
    (
        "conference_phone_notes",
        ("conference+phone+notes", "dial+notes", "phone+notes+conference"),
        (),
    ),
    (
        "conference_phone",
        (
            "dial",
            "dialin",
            "conference+phone",
            "phone+in",
            "call+in",
            "teleconference",
            "join+phone",
        ),
        (),
    ),
    (
        "verified",
        (
            "checked",
            "verified",
            "updated",
            "confirmed",
            "reviewed",
            "last+contact",
            "last+check",
            "date+check",
            "correct+as",
        ),
        (),
    ),
    (
        "anchor",
        (
            "start+date",
            "next+date",
            "next+meeting",
            "first+meeting",
            "next+session",
            "next+on",
            "anchor",
            "dates",
        ),
        (),
    ),
    ("contact_email", ("contact+email", "contact+mail", "contact+e"), ()),
    (
        "contact_phone",
        ("contact+phone", "contact+tel", "contact+number", "contact+mobile", "contact+telephone"),
        (),
    ),
    ("contact_private", ("private", "do+not+publish", "publish+contact", "contact+public"), ()),
    ("email", ("email", "mail", "e+mail"), ()),
    (
        "conference_url",
        (
            "zoom",
            "teams",
            "online",
            "virtual",
            "conference",
            "join",
            "meet+link",
            "video",
            "whereby",
            "jitsi",
            "webex",
            "remote",
        ),
        (),
    ),
    (
        "website",
        (
            "website",
            "web",
            "url",
            "link",
            "links",
            "site",
            "webpage",
            "homepage",
            "www",
            "facebook",
        ),
        (),
    ),
    (
        "end_time",
        (
            "end",
            "ends",
            "finish",
            "finishes",
            "finishing",
            "until",
            "till",
            "to",
            "close",
            "closes",
            "closing",
        ),
        ("address",),
    ),
    ("status", ("status", "running", "active", "suspended", "closed+temporarily"), ("open",)),
    (
        "time",
        (
            "time",
            "times",
            "start",
            "starts",
            "starting",
            "begins",
            "from",
            "at",
            "hours",
            "opening",
            "open+hours",
            "open+times",
            "clock",
        ),
        ("address",),
    ),
    (
        "day",
        (
            "day",
            "days",
            "when",
            "weekday",
            "weekdays",
            "frequency",
            "how+often",
            "schedule",
            "date",
            "recurrence",
            "occurs",
            "meets",  # 'Meets', 'Meets on': the day; 'Where it meets' is the venue
        ),
        ("where",),
    ),
    ("domain", ("domain", "domains"), ()),
    ("kind", ("kind", "listing+type"), ()),
    (
        "type_text",
        (
            "type",
            "types",
            "fellowship",
            "category",
            "categories",
            "format",
            "style",
            "code",
            "codes",
            "open+closed",
        ),
        (),
    ),
    (
        "audience",
        (
            "audience",
            "who+for",
            "suitable",
            "eligibility",
            "eligible",
            "for+whom",
            "who+can",
            "open+to",
            "aimed",
            "age",
            "ages",
            "gender",
            "language",
            "languages",
        ),
        (),
    ),
    (
        "accessibility",
        ("access", "accessibility", "accessible", "wheelchair", "disabled", "disability", "step"),
        (),
    ),
    ("postcode", ("postcode", "postcodes", "post+code", "postal", "zip", "pc"), ()),
    ("town", ("town", "city", "village", "locality", "area", "towns"), ()),
    ("address", ("address", "street", "road", "addr", "address1", "line"), ()),
    (
        "venue",
        ("venue", "location", "building", "where", "hall", "premises", "place", "centre", "room"),
        (),
    ),
    (
        "organisation",
        (
            "organisation",
            "organization",
            "provider",
            "run+by",
            "org",
            "entity",
            "charity",
            "host",
            "hosted",
            "organiser",
            "delivered+by",
        ),
        (),
    ),
    (
        "contact",
        ("contact", "contacts", "person", "lead", "facilitator", "secretary", "coordinator", "who"),
        (),
    ),
    ("phone", ("phone", "telephone", "tel", "mobile", "number", "ring", "call"), ()),
    (
        "name",
        (
            "name",
            "group",
            "meeting",
            "title",
            "service",
            "activity",
            "listing",
            "opportunity",
            "session",
            "project",
            "course",
            "class",
            "club",
        ),
        (),
    ),
    ("description", ("description", "about", "summary", "what", "describe", "overview"), ()),
    (
        "notes",
        (
            "notes",
            "note",
            "comments",
            "comment",
            "details",
            "info",
            "information",
            "other",
            "additional",
            "remarks",
            "extra",
            "anything",
            "misc",
        ),
        (),
    ),
    ("region", ("district", "region", "subregion", "county", "borough"), ()),
    ("lat", ("lat", "latitude"), ()),
    ("lon", ("lon", "lng", "long", "longitude"), ()),
    ("approximate", ("approximate",), ()),
    ("timezone", ("timezone", "zone"), ()),
)
# TSML's own headers ('Time, End Time, Day, Name, Location, Address, Types'), which tell a
# TSML export from a navigator's sheet; and its keys that mean something else here.
TSML_SIGNATURE = {"time", "day", "name", "location", "address", "types"}
EXACT = {
    "x": "lon",
    "y": "lat",
    "updated": "verified",
    "lastcontact": "verified",
    "location": "venue",
    "formattedaddress": "address",
    "group": "name",
    "groupnotes": "description",
    "website2": "website",
    "subregion": "region",
    "subdistrict": "region",
    "mailingaddress": None,
    "typesfellowship": "type_text",
}
_JOINERS = re.compile(r"\s*(?:/|&|\+|\bor\b|\band\b|\|)\s*")
_COMPILED = tuple(
    (name, tuple(tuple(w.split("+")) for w in words), frozenset(excluded))
    for name, words, excluded in RULES
)


def words_of(header) -> list[str]:
    text = re.sub(r"([a-z])([A-Z])", r"\1 \2", str(header or ""))
    return re.findall(
        r"[a-z0-9]+",
        text.lower()
        .replace("e-mail", "email")
        .replace("dial-in", "dialin")
        .replace("post code", "postcode"),
    )


@lru_cache(maxsize=1024)
def fields_of(header) -> tuple[str, ...]:
    """The field(s) a header names, most likely first; () for a column not understood."""
    key = "".join(words_of(header))
    if key in EXACT:
        return (EXACT[key],) if EXACT[key] else ()
    whole = _match(words_of(header))
    parts = [p for p in _JOINERS.split(str(header or "")) if words_of(p)]
    if len(parts) < 2:
        return (whole,) if whole else ()
    found = []
    for part in parts:
        field = _match(words_of(part))
        if field and field not in found:
            found.append(field)
    if whole and whole not in found and len(found) < 2:
        found.insert(0, whole)
    return tuple(found)


def field_of(header) -> str | None:
    found = fields_of(header)
    return found[0] if found else None


def _match(words: list[str]) -> str | None:
    present = set(words)
    for name, alternatives, excluded in _COMPILED:
        if present & excluded:
            continue
        for alternative in alternatives:
            if all(w in present for w in alternative):
                return name
    return None


# A header is judged on its first cells only: every real sheet's columns fit (an import
# refuses more than limits.max_columns anyway, but only after finding the header), and
# judging each of a hostile file's 100,000 header cells took over a minute.
HEADER_CELLS = 256


def looks_like_header(cells: list) -> bool:
    """A header row names a listing column and at least one other known column, and
    nothing in it looks like a value (a time, a postcode, a link)."""
    fields = set()
    for cell in cells[:HEADER_CELLS]:
        if cell in (None, ""):
            continue
        if re.search(r"\d{1,2}[:.]\d{2}|@|https?://|\b[A-Z]{1,2}\d", str(cell)):
            return False
        fields.update(fields_of(str(cell)))
    return "name" in fields and len(fields) >= 3


def is_tsml(headers: list) -> bool:
    return TSML_SIGNATURE <= {"".join(words_of(h)) for h in headers}
