"""Normalisers for values as navigators and feeds really write them: postcodes, web
addresses, phone numbers, emails, first names, text and title case.

Each returns the clean value, or raises ValueError with a reason a navigator can act on.
Days and times are read by the schedule grammar (schedule_text.py, clock_text.py).
"""

from __future__ import annotations

import re

# --- postcodes -------------------------------------------------------------------------------

_POSTCODE_IN_TEXT = re.compile(r"\b([A-Z]{1,2}[0-9][0-9A-Z]?\s*[0-9][A-Z]{2})\b", re.I)


def postcode_in(address: str | None) -> str | None:
    """The last thing in an address that looks like a postcode ('…, Derby DE1 3GY, UK')."""
    found = _POSTCODE_IN_TEXT.findall(address or "")
    return found[-1] if found else None


# --- contact details -------------------------------------------------------------------------


def url(value: str) -> str:
    """http(s) only; a bare 'www.example.org' gets https://."""
    text = str(value).strip()
    if re.match(r"^www\.", text, re.I):
        text = "https://" + text
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", text, re.I):
        raise ValueError(f"'{value}' is not a web address (http or https)")
    return text


def phone(value: str) -> str:
    """UK numbers in the usual spacing: '01246 123456', '07700 900123', '0800 123 4567'."""
    text = str(value).strip()
    digits = re.sub(r"[^\d+]", "", text)
    if digits.startswith("+44"):
        digits = "0" + digits[3:]
    elif digits.startswith("0044"):
        digits = "0" + digits[4:]
    if not re.fullmatch(r"0\d{9,10}", digits):
        raise ValueError(f"'{value}' is not a UK phone number")
    if digits.startswith(("07", "01", "02")) and len(digits) == 11:
        split = 3 if digits.startswith("02") else 5
        return f"{digits[:split]} {digits[split:]}"
    if digits.startswith("08") and len(digits) == 11:
        return f"{digits[:4]} {digits[4:7]} {digits[7:]}"
    return digits


def email(value: str) -> str:
    text = str(value).strip()
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", text):
        raise ValueError(f"'{value}' is not an email address")
    return text.lower()


def first_name(value: str) -> str:
    """Mutual-aid anonymity: 'John Smith' -> 'John', 'jane s.' -> 'Jane'."""
    words = re.findall(r"[A-Za-zÀ-ÿ'’-]+", str(value))
    if not words:
        raise ValueError(f"'{value}' is not a name")
    return "-".join(part[:1].upper() + part[1:].lower() for part in words[0].split("-"))


_SPACES = re.compile(r"\s+")


def text(value) -> str | None:
    """Collapse whitespace; empty becomes None."""
    if value is None:
        return None
    cleaned = _SPACES.sub(" ", str(value)).strip()
    return cleaned or None


# Kept as written however a name is shouted or whispered.
ACRONYMS = {
    a.upper(): a
    for a in (
        "AA",
        "NA",
        "CA",
        "CMA",
        "GA",
        "OA",
        "MA",
        "SMART",
        "CoDA",
        "LGBTQ",
        "LGBTQ+",
        "NHS",
        "BSL",
        "YMCA",
        "UK",
        "CAB",
        "DWP",
    )
}
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "at", "to", "a"}


def title_case(value: str) -> str:
    """Shouted or lower-case names become Title Case; mixed case is left as typed."""
    cleaned = text(value) or ""
    if not (cleaned.isupper() or cleaned.islower()):
        return cleaned
    words = []
    for index, word in enumerate(cleaned.split(" ")):
        bare = word.strip("()[],.").upper()
        if bare in ACRONYMS:
            words.append(word.upper().replace(bare, ACRONYMS[bare]))
        elif index and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append(re.sub(r"[a-z]", lambda m: m.group().upper(), word.lower(), count=1))
    return " ".join(words)
