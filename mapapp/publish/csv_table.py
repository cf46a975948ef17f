"""Listings as a CSV table that `mapapp ingest` reads back (see ingest/header_match.py).

Every header is one the importer knows, so an export re-imported into an empty database
recreates the listings. What a row cannot say:

- One row has one start and end time. A listing whose sessions are at different times, or
  mix weekly, fortnightly and monthly, is one row per group of sessions (IDs ``slug``,
  ``slug-2``, ...), the way the Meeting Guide feed has one entry per session; re-imported,
  each row is a listing of its own.
- A point is written only when it is exact or deliberately approximate ("Approximate":
  yes). A postcode centre or a town point is left to be found again from the postcode or
  town, from the same reference data.
- The fellowship travels in the Types cell beside the type codes ("AA, O, D"), as TSML
  sheets write it; the importer recognises the fellowship names in its table.

Private contact details (contact_private) are never written. Cells a spreadsheet would run
as a formula get a leading quote (analysis.outputs.safe_cell).
"""

from __future__ import annotations

import csv
import io
from itertools import groupby

from ..analysis.outputs import safe_cell
from ..ingest.classify import TYPE_TAGS
from ..listings.present import public_contact
from ..listings.rules import venue_lonlat
from ..listings.schedules import DAYS
from ..models import Asset

HEADER = (
    "ID",
    "Name",
    "Kind",
    "Domains",
    "Day",
    "Time",
    "End Time",
    "Location",
    "Address",
    "City",
    "Postcode",
    "Location Notes",
    "Latitude",
    "Longitude",
    "Approximate",
    "Types",
    "Audience",
    "Accessibility",
    "Description",
    "Notes",
    "Website",
    "Email",
    "Phone",
    "Conference URL",
    "Conference URL Notes",
    "Conference Phone",
    "Conference Phone Notes",
    "Contact 1 Name",
    "Contact 1 Email",
    "Contact 1 Phone",
    "Contact Private",
    "Organisation",
    "District",
    "Updated",
)
ORDINAL_WORDS = {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 5: "5th", -1: "last"}
TYPE_CODES = {tag: code for code, tag in TYPE_TAGS.items()}
POINT_PRECISIONS = ("exact", "approximate")  # the others are found again on import


def csv_table(assets: list[Asset]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for asset in assets:
        common = _common(asset)
        for number, (day, start, end) in enumerate(_session_groups(asset), start=1):
            row = common | {
                "ID": asset.slug if number == 1 else f"{asset.slug}-{number}",
                "Day": day,
                "Time": start,
                "End Time": end,
            }
            writer.writerow([safe_cell(_cell(row.get(column))) for column in HEADER])
    return out.getvalue()


def _cell(value):
    return "" if value is None else value


def _session_groups(asset: Asset) -> list[tuple[str, str, str]]:
    """(Day, Time, End Time) per row: weekly sessions at the same times share a row."""
    if not asset.schedules:
        return [("", "", "")]
    rows = []
    weekly = sorted((s for s in asset.schedules if s.frequency == "weekly"), key=_times)
    for times, group in groupby(weekly, key=_times):
        days = sorted({s.weekday for s in group})
        rows.append((", ".join(DAYS[d] for d in days), *times))
    rows += [(_day_words(s), *_times(s)) for s in asset.schedules if s.frequency != "weekly"]
    return rows


def _times(schedule) -> tuple[str, str]:
    return tuple(t.strftime("%H:%M") if t else "" for t in (schedule.start_time, schedule.end_time))


def _day_words(schedule) -> str:
    """Words the importer's day reader (ingest.normalise.days) turns back into the rule."""
    day = DAYS[schedule.weekday]
    if schedule.frequency == "fortnightly":
        return f"Every other {day}" + (
            f" from {schedule.anchor_date.isoformat()}" if schedule.anchor_date else ""
        )
    return f"{ORDINAL_WORDS.get(schedule.nth, str(schedule.nth))} {day} of the month"


def _common(asset: Asset) -> dict:
    venue = asset.venue
    contact = public_contact(asset)  # empty when the contact is private
    row = {
        "Name": asset.name,
        "Kind": asset.kind,
        "Domains": "; ".join(asset.domain_codes),
        "Types": ", ".join(_types(asset)),
        "Audience": "; ".join(asset.tag_values("audience")),
        "Accessibility": "; ".join(asset.tag_values("accessibility")),
        "Description": asset.description,
        "Notes": asset.notes,
        "Website": asset.website,
        "Email": asset.email,
        "Phone": asset.phone,
        "Conference URL": asset.conference_url,
        "Conference URL Notes": asset.conference_url_notes,
        "Conference Phone": asset.conference_phone,
        "Conference Phone Notes": asset.conference_phone_notes,
        "Contact 1 Name": contact.get("contact_name"),
        "Contact 1 Email": contact.get("contact_email"),
        "Contact 1 Phone": contact.get("contact_phone"),
        "Contact Private": "no" if contact else "",
        "Organisation": asset.organisation.name if asset.organisation else None,
        "Updated": asset.updated_at.strftime("%Y-%m-%d %H:%M:%S"),
    }
    if venue is not None:
        row.update(
            {
                "Location": venue.name,
                "Address": venue.address,
                "City": venue.town,
                "Postcode": venue.postcode,
                "Location Notes": venue.location_notes,
                "District": venue.district_code,
            }
        )
        lonlat = venue_lonlat(venue)
        if lonlat and venue.precision in POINT_PRECISIONS:
            # Numbers, not text: safe_cell quotes text starting '-' but not a figure.
            row.update(
                {
                    "Latitude": round(lonlat[1], 6),
                    "Longitude": round(lonlat[0], 6),
                    "Approximate": "yes" if venue.precision == "approximate" else "",
                }
            )
    return row


def _types(asset: Asset) -> list[str]:
    """The fellowship, the stored type codes and the codes of its tags, each once."""
    codes = [asset.fellowship] if asset.fellowship else []
    codes += [str(code) for code in (asset.types or [])]
    codes += [
        TYPE_CODES[(t.category, t.tag)] for t in asset.tags if (t.category, t.tag) in TYPE_CODES
    ]
    return list(dict.fromkeys(codes))
