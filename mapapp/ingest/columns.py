"""Loose spreadsheet headers -> canonical field names (one table, in one place).

Headers are compared lower-cased with punctuation and spaces removed, so "Day(s)",
"DAY S" and "days" are one key. TSML / Meeting Guide spreadsheet headers are included.
"""

from __future__ import annotations

import re

ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "groupname",
        "group",
        "meeting",
        "meetingname",
        "title",
        "service",
        "servicename",
        "activity",
        "activityname",
        "listing",
        "opportunity",
    ),
    "source_id": ("id", "ref", "reference", "slug", "sourceid", "listingid", "meetingid"),
    "day": ("day", "days", "dayofweek", "dayoftheweek", "when", "meetingday", "dayofmeeting"),
    "time": ("time", "times", "start", "starttime", "starts", "from", "meetingtime"),
    "end_time": ("end", "endtime", "finish", "finishtime", "ends", "until", "to"),
    "venue": ("venue", "location", "venuename", "building", "place", "meetingplace"),
    "address": (
        "address",
        "street",
        "address1",
        "addressline1",
        "streetaddress",
        "formattedaddress",
        "fulladdress",
    ),
    "town": ("town", "city", "village", "locality", "towncity", "area"),
    "postcode": ("postcode", "postalcode", "zip", "zipcode", "pc"),
    "type_text": ("type", "types", "meetingtype", "category", "categories", "fellowship"),
    "domain": ("domain", "domains", "recoverydomain", "recoverydomains"),
    "kind": ("kind", "listingtype", "kindoflisting"),
    "description": ("description", "about", "summary"),
    "notes": (
        "notes",
        "note",
        "comments",
        "comment",
        "details",
        "info",
        "information",
        "groupnotes",
    ),
    "location_notes": ("locationnotes", "directions", "accessnotes"),
    "contact": ("contact", "contactname", "contactperson", "contact1name", "who"),
    "contact_email": ("contactemail", "contact1email"),
    "contact_phone": ("contactphone", "contacttel", "contact1phone", "contactnumber"),
    "contact_private": ("contactprivate", "private", "privatecontact", "donotpublish"),
    "website": ("website", "web", "url", "link", "websiteurl", "webpage", "website2"),
    "email": ("email", "emailaddress", "mail"),
    "phone": ("phone", "telephone", "tel", "phonenumber", "mobile"),
    "conference_url": (
        "conferenceurl",
        "onlinelink",
        "zoomlink",
        "zoom",
        "online",
        "meetinglink",
        "joinlink",
        "onlinemeetinglink",
    ),
    "conference_url_notes": ("conferenceurlnotes", "zoomdetails", "onlinenotes"),
    "conference_phone": ("conferencephone", "dialin", "dialinnumber"),
    "conference_phone_notes": ("conferencephonenotes",),
    "audience": ("audience", "for", "whofor", "suitablefor", "groupfor"),
    "accessibility": ("accessibility", "access", "accessible"),
    "organisation": ("organisation", "organization", "provider", "runby", "org", "entity"),
    "lat": ("lat", "latitude", "y"),
    "lon": ("lon", "lng", "long", "longitude", "x"),
    "approximate": ("approximate", "approximatelocation"),
    "region": ("region", "district", "subregion"),
    "timezone": ("timezone",),
    "updated": ("updated", "lastupdated", "lastcontact"),
}
_LOOKUP = {alias: field for field, aliases in ALIASES.items() for alias in aliases}
# TSML's own header names, which tell a TSML export from a navigator's sheet.
TSML_SIGNATURE = {"time", "day", "name", "location", "address", "types"}


def header_key(header) -> str:
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


def canonical(header) -> str | None:
    return _LOOKUP.get(header_key(header))


def looks_like_header(cells: list) -> bool:
    """A header row names a listing column and at least one other known column."""
    fields = {canonical(c) for c in cells if c not in (None, "")}
    fields.discard(None)
    return "name" in fields and len(fields) >= 2


def is_tsml(headers: list) -> bool:
    return TSML_SIGNATURE <= {header_key(h) for h in headers}
