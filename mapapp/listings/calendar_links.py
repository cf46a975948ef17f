"""Add-to-calendar links for a listing's next session: Google and Outlook open their own
"new event" page filled in (nothing is sent until the person saves it there); Apple's and
every other calendar take the .ics file the listing page links to."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

GOOGLE = "https://calendar.google.com/calendar/render"
OUTLOOK = "https://outlook.live.com/calendar/0/deeplink/compose"


def calendar_links(
    title: str, session: tuple[dt.datetime, dt.datetime], where: str, page: str
) -> dict[str, str]:
    """{'google': url, 'outlook': url} for one session (aware datetimes)."""
    start, end = (moment.astimezone(dt.UTC) for moment in session)
    google = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}",
        "location": where,
        "details": page,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": start.isoformat().replace("+00:00", "Z"),
        "enddt": end.isoformat().replace("+00:00", "Z"),
        "location": where,
        "body": page,
    }
    return {"google": f"{GOOGLE}?{urlencode(google)}", "outlook": f"{OUTLOOK}?{urlencode(outlook)}"}
