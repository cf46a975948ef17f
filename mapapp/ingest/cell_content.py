"""What a cell holds, whatever its column: conference links (with or without a scheme or
'www.'), Zoom meeting ids, dial-in numbers with PINs, web addresses, emails, phone numbers,
postcodes, and phrases that settle how people attend ('online only', 'in person and on
Zoom').

Each finder returns what it found and the phrase it came from, so the report can say why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

# Conference providers by host. A link to one of these is a way to attend, not a website.
CONFERENCE_HOSTS = (
    r"(?:[\w-]+\.)?zoom\.us",
    r"(?:[\w-]+\.)?zoomgov\.com",
    r"teams\.microsoft\.com",
    r"teams\.live\.com",
    r"meet\.google\.com",
    r"(?:[\w-]+\.)?whereby\.com",
    r"meet\.jit\.si",
    r"(?:[\w-]+\.)?jitsi\.\w+",
    r"(?:[\w-]+\.)?webex\.com",
    r"(?:[\w-]+\.)?gotomeeting\.com",
    r"meet\.goto\.com",
    r"discord\.gg",
    r"join\.skype\.com",
)
_HOST = "|".join(CONFERENCE_HOSTS)
CONFERENCE_URL = re.compile(rf"(?:https?://)?(?:www\.)?(?:{_HOST})(?:/[^\s,;)\]>\"']*)?", re.I)
WEB_URL = re.compile(
    r"(?:https?://|www\.)[^\s,;)\]>\"']+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*"
    r"\.(?:org\.uk|co\.uk|org|com|net|uk|info|nhs\.uk|gov\.uk)"
    r"(?:/[^\s,;)\]>\"']*)?",
    re.I,
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
# UK numbers: 0 then 9-10 more digits in the usual groupings, or +44.
PHONE = re.compile(r"(?<![\d])(?:\+44\s?\(?0?\)?\s?|0)(?:\d[\s-]?){9,10}(?!\d)")
ZOOM_ID = re.compile(
    r"\b(?:zoom\s+)?(?:meeting\s+)?id\s*:?\s*(\d{3}[\s-]?\d{3,4}[\s-]?\d{3,4})"
    r"\b",
    re.I,
)
PASSCODE = re.compile(r"\b(?:pass\s*code|password|passcode|pwd|pin|code)\s*:?\s*([\w#*]+)", re.I)
DIAL_WORDS = re.compile(
    r"\b(?:dial(?:[\s-]?in)?|call[\s-]in|phone[\s-]in|join\s+by\s+(?:phone|"
    r"telephone)|by\s+phone|conference\s+(?:call|line|number)|"
    r"teleconference)\b",
    re.I,
)
ZOOM_WORD = re.compile(r"\bzoom\b", re.I)
_DIGITS = re.compile(r"\d")
POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9OISZLB][0-9A-Z]?\s*[0-9OISZLB][A-Z]{2})\b", re.I)

ONLINE_ONLY = re.compile(
    r"\b(?:online|zoom|virtual|teams|video)[\s-]+only\b|"
    r"\bonly\s+(?:online|on\s+zoom|virtual)\b|\bno\s+longer\s+(?:meets\s+)?"
    r"in[\s-]person\b|\bnot\s+in[\s-]person\b|\bonline\s+meeting\s+only\b|"
    r"\bvirtual\s+meeting\b|\bmeets\s+online\b|\bonline\s+group\b",
    re.I,
)
HYBRID = re.compile(
    r"\bhybrid\b|\bin[\s-]person\s+(?:and|&|\+|or|/)\s+(?:online|on\s+zoom|"
    r"zoom|virtual|teams)\b|\b(?:online|zoom|virtual)\s+(?:and|&|\+|or|/)\s+"
    r"in[\s-]person\b|\balso\s+(?:on|via)\s+(?:zoom|teams|online)\b|"
    r"\b(?:and|&|also)\s+online\b|\bface[\s-]to[\s-]face\s+(?:and|&)\s+online\b",
    re.I,
)
IN_PERSON_ONLY = re.compile(
    r"\bin[\s-]person\s+only\b|\bface[\s-]to[\s-]face\s+only\b|"
    r"\bno\s+(?:longer\s+)?(?:on\s+|via\s+)?(?:online|zoom|teams)\b|\bnot\s+online\b",
    re.I,
)


@dataclass(frozen=True)
class Found:
    value: str
    phrase: str


# Every finder is pure and sheets repeat their cells, so each is cached; each also looks
# for a cheap sign first ('.' for a link, '@' for an email, digits for a phone), because
# most cells hold none of these and an import reads every cell of every row.
@lru_cache(maxsize=16384)
def conference_links(text: str) -> tuple[Found, ...]:
    """'meet.google.com/abc-defg-hij' -> 'https://meet.google.com/abc-defg-hij'."""
    if not text or "." not in text:
        return ()
    found = []
    for match in CONFERENCE_URL.finditer(text):
        phrase = match.group(0).rstrip(".")
        if "/" not in re.sub(r"^https?://", "", phrase, flags=re.I) and not re.match(
            r"^https?://", phrase, re.I
        ):
            continue  # a bare host ('on zoom.us') is a mention, not a link to a meeting
        url = phrase if re.match(r"^https?://", phrase, re.I) else "https://" + phrase
        found.append(Found(url, phrase))
    return tuple(found)


def zoom_meeting(text: str, zoom_said: bool = False) -> Found | None:
    """A Zoom meeting id with no link ('Zoom ID 812 3456 7890'): its join link. The id
    must be said to be Zoom's, in the text or (``zoom_said``) elsewhere in the row."""
    if not text or not _DIGITS.search(text) or not (zoom_said or ZOOM_WORD.search(text)):
        return None
    match = ZOOM_ID.search(text)
    if not match:
        return None
    digits = re.sub(r"\D", "", match.group(1))
    return Found(f"https://zoom.us/j/{digits}", match.group(0))


def passcode(text: str) -> Found | None:
    match = PASSCODE.search(text or "")
    if not match or not re.search(r"\d", match.group(1)):
        return None
    return Found(match.group(1), match.group(0))


@lru_cache(maxsize=16384)
def web_links(text: str) -> tuple[Found, ...]:
    """Web addresses that are not conference links or part of an email address."""
    if not text or "." not in text:
        return ()
    emails = [m.span() for m in EMAIL.finditer(text)]
    found = []
    for match in WEB_URL.finditer(text or ""):
        if any(s <= match.start() < e for s, e in emails) or CONFERENCE_URL.match(match.group(0)):
            continue
        phrase = match.group(0).rstrip(".")
        url = phrase if re.match(r"^https?://", phrase, re.I) else "https://" + phrase
        found.append(Found(url, phrase))
    return tuple(found)


@lru_cache(maxsize=16384)
def emails(text: str) -> tuple[Found, ...]:
    if not text or "@" not in text:
        return ()
    return tuple(Found(m.group(0).lower(), m.group(0)) for m in EMAIL.finditer(text))


@lru_cache(maxsize=16384)
def phones(text: str) -> tuple[Found, ...]:
    if not text or len(_DIGITS.findall(text)) < 10:
        return ()
    return tuple(Found(_digits(m.group(0)), m.group(0).strip()) for m in PHONE.finditer(text))


def dial_in(text: str, whole_cell_is_dial_in: bool = False) -> Found | None:
    """A phone number that is a way into the meeting: said so ('dial in', 'join by phone')
    or given with a meeting id or PIN, or in a column about dialling in."""
    numbers = phones(text)
    if not numbers:
        return None
    said = (
        DIAL_WORDS.search(text)
        or whole_cell_is_dial_in
        or (passcode(text) and re.search(r"\b(?:pin|meeting\s+id|passcode)\b", text, re.I))
        or re.search(r"\b(?:then\s+)?enter\b.*\d+\s*#", text, re.I)
    )
    if not said:
        return None
    return Found(numbers[0].value, text.strip())


@lru_cache(maxsize=16384)
def postcodes(text: str) -> tuple[Found, ...]:
    return tuple(
        Found(m.group(1).upper(), m.group(1))
        for m in POSTCODE.finditer(text or "")
        if re.search(r"\d", m.group(1)) and re.search(r"[A-Za-z]{2}$", m.group(1))
    )


@lru_cache(maxsize=16384)
def attendance_phrase(text: str) -> tuple[str, str] | None:
    """('online' | 'hybrid' | 'in_person', phrase) when the text settles attendance."""
    for attendance, pattern in (
        ("in_person", IN_PERSON_ONLY),
        ("online", ONLINE_ONLY),
        ("hybrid", HYBRID),
    ):
        match = pattern.search(text or "")
        if match:
            return attendance, match.group(0)
    return None


def _digits(phrase: str) -> str:
    digits = re.sub(r"[^\d+]", "", phrase)
    if digits.startswith("+44"):
        digits = "0" + digits[3:].lstrip("0")
    return digits
