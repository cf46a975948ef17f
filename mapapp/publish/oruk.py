"""Listings as Open Referral UK services (HSDS-UK 3.0), for the read API and the export.

Mapping (see ../shared/FORMATS.md): a listing is a service; its organisation the
organization; its venue a physical location, its online link or dial-in a virtual location;
each is linked through a service_at_location. Domains, kind, audience and accessibility are
attributes linking terms of the taxonomies in oruk_taxonomy.py.

Schedules sit on the service (the profile's place for them) in the RRULE-style fields:
weekly = ``freq WEEKLY, interval 1, byday TU``; fortnightly = ``interval 2`` with ``dtstart``
the anchor date (a date the group meets); monthly by nth weekday = ``freq MONTHLY, byday
2TU`` (``-1FR`` for the last Friday). ``opens_at``/``closes_at`` are Europe/London local
times: HSDS's numeric UTC offset cannot say GMT in winter and BST in summer.

Fields the UK profile leaves out but HSDS 3.0 core has (``phones`` on a service, a contact
and a location; ``email`` of a contact; ``location_type`` and ``url`` of a location) are
included, so the dial-in, phone numbers and online link are not lost; consumers of the
profile ignore them. The profile requires a service ``url``: a listing without a website
gets its page on this site. Private contact details never appear (present.public_contact);
only active listings are published.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from ..listings.loading import whole_listing_options
from ..listings.present import public_contact
from ..listings.rules import venue_lonlat
from ..listings.schedules import describe
from ..models import Asset, Organisation
from ..vocab import ICAL_DAYS
from .oruk_taxonomy import (
    ACCESSIBILITY,
    AUDIENCE,
    BY_CODE,
    DOMAINS,
    KINDS,
    entity_id,
    name_id,
    term_object,
)

ATTENDING = {"in_person": "In person", "online": "Online", "hybrid": "In person or online"}


def active_assets(session: Session, ids=None) -> list[Asset]:
    """Active listings with everything a full service shows; ``ids`` keeps their order."""
    query = select(Asset).where(Asset.status == "active").options(*whole_listing_options())
    if ids is None:
        return list(session.scalars(query.order_by(Asset.id)))
    found = {a.id: a for a in session.scalars(query.where(Asset.id.in_(list(ids))))}
    return [found[i] for i in ids if i in found]


def oruk_document(session: Session, page_url, area_name: str) -> list[dict]:
    """Every active listing as a fully nested service: the ORUK export, which the importer
    (ingest/feeds.py) reads back. ``page_url(asset_id)`` gives a listing page's URL."""
    return [full_service(a, page_url(a.id), area_name) for a in active_assets(session)]


# --- a service --------------------------------------------------------------------------------


def service_summary(asset: Asset, page_url: str) -> dict:
    """The one-to-one fields of a service (the /services list)."""
    sid = entity_id("service", asset.id)
    service = {
        "id": sid,
        "name": asset.name,
        "description": asset.description or "",
        "url": asset.website or page_url,
        "status": "active",
        "last_modified": _timestamp(asset.updated_at),
    }
    if asset.email:
        service["email"] = asset.email
    if asset.last_verified_at:
        service["assured_date"] = asset.last_verified_at.date().isoformat()
    if asset.organisation:
        service["organization_id"] = entity_id("organization", asset.organisation.id)
        service["organization"] = organization(asset.organisation)
    return service


def full_service(asset: Asset, page_url: str, area_name: str) -> dict:
    service = service_summary(asset, page_url)
    sid = service["id"]
    service["schedules"] = [schedule_object(s, sid, asset.attendance) for s in asset.schedules]
    service["service_at_locations"] = [
        dict(sal, location=location) for sal, location in places(asset, area_name)
    ]
    service["attributes"] = attributes(asset, sid)
    if asset.phone:
        service["phones"] = [{"id": name_id("phone", sid), "number": asset.phone}]
    contact = _contact(public_contact(asset), sid)
    if contact:
        service["contacts"] = [contact]
    return service


def _timestamp(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def organization(org) -> dict:
    """The organization's own fields (what a service embeds and /organizations lists)."""
    oid = entity_id("organization", org.id)
    body = {"id": oid, "name": org.name, "description": org.description or ""}
    for field, key in (("website", "website"), ("email", "email")):
        if getattr(org, field):
            body[key] = getattr(org, field)
    if org.charity_number:
        body["organization_identifiers"] = [
            {
                "id": name_id("charity", oid),
                "identifier_scheme": "GB-CHC",
                "identifier_type": "Charity number",
                "identifier": org.charity_number,
            }
        ]
    return body


def _contact(contact: dict, sid: str) -> dict | None:
    if not contact:
        return None
    body = {"id": name_id("contact", sid)}
    if contact.get("contact_name"):
        body["name"] = contact["contact_name"]
    if contact.get("contact_email"):
        body["email"] = contact["contact_email"]
    if contact.get("contact_phone"):
        body["phones"] = [{"id": name_id("contact-phone", sid), "number": contact["contact_phone"]}]
    return body


def full_organization(org, services: list[dict]) -> dict:
    """An organization with the services it offers (their one-to-one fields)."""
    return organization(org) | {"services": services}


def public_organisations(
    session: Session, offset: int = 0, limit: int | None = None
) -> tuple[list[Organisation], int]:
    """Organisations with at least one active listing, by id (a page of them), and how
    many there are: one whose listings are all inactive publishes nothing."""
    offering = select(Asset.organisation_id).where(Asset.status == "active")
    query = select(Organisation).where(Organisation.id.in_(offering))
    total = session.scalar(select(func.count()).select_from(query.subquery()))
    return list(session.scalars(query.order_by(Organisation.id).offset(offset).limit(limit))), total


def offered_by(session: Session, organisation_id: int) -> list[Asset]:
    """The active listings of an organisation, by id."""
    return list(
        session.scalars(
            select(Asset)
            .where(Asset.status == "active", Asset.organisation_id == organisation_id)
            .options(selectinload(Asset.organisation))
            .order_by(Asset.id)
        )
    )


# --- when ---------------------------------------------------------------------------------


def schedule_object(schedule, service_id: str, attendance: str) -> dict:
    day = ICAL_DAYS[schedule.weekday]
    body = {
        "id": entity_id("schedule", schedule.id),
        "service_id": service_id,
        "freq": "MONTHLY" if schedule.frequency == "monthly" else "WEEKLY",
        "interval": 2 if schedule.frequency == "fortnightly" else 1,
        "byday": f"{schedule.nth}{day}" if schedule.frequency == "monthly" else day,
        "description": describe(schedule),
        "attending_type": ATTENDING[attendance],
    }
    if schedule.frequency == "fortnightly" and schedule.anchor_date:
        body["dtstart"] = schedule.anchor_date.isoformat()
    for field in ("valid_from", "valid_to"):
        if getattr(schedule, field):
            body[field] = getattr(schedule, field).isoformat()
    if schedule.start_time:
        body["opens_at"] = schedule.start_time.strftime("%H:%M")
    if schedule.end_time:
        body["closes_at"] = schedule.end_time.strftime("%H:%M")
    if schedule.notes:
        body["notes"] = schedule.notes
    return body


# --- where --------------------------------------------------------------------------------


def places(asset: Asset, area_name: str) -> list[tuple[dict, dict]]:
    """(service_at_location, location) pairs: the venue first, then the online way in."""
    sid, pairs = entity_id("service", asset.id), []
    if asset.venue is not None:
        location = physical_location(asset, area_name)
        pairs.append(
            (
                {
                    "id": entity_id("service-at-location", asset.id),
                    "service_id": sid,
                    "location_id": location["id"],
                },
                location,
            )
        )
    if asset.conference_url or asset.conference_phone:
        location = virtual_location(asset)
        pairs.append(
            (
                {
                    "id": entity_id("virtual-service-at-location", asset.id),
                    "service_id": sid,
                    "location_id": location["id"],
                },
                location,
            )
        )
    return pairs


def service_at_location(asset: Asset, sal_id: str, page_url: str, area_name: str) -> dict | None:
    """One of the listing's service_at_locations with its whole location and its service
    (the one-to-one fields), or None when the listing has no such one."""
    for sal, location in places(asset, area_name):
        if sal["id"] == sal_id:
            return sal | {"location": location, "service": service_summary(asset, page_url)}
    return None


def physical_location(asset: Asset, area_name: str) -> dict:
    venue = asset.venue
    lid = entity_id("location", venue.id)
    location = {
        "id": lid,
        "location_type": "physical",
        "name": venue.name or venue.address or venue.town or asset.name,
    }
    if venue.location_notes:
        location["description"] = venue.location_notes
    lonlat = venue_lonlat(venue)
    if lonlat is not None:
        location["latitude"], location["longitude"] = round(lonlat[1], 6), round(lonlat[0], 6)
    if venue.address or venue.town or venue.postcode:
        location["addresses"] = [
            {
                "id": name_id("address", lid),
                "location_id": lid,
                "address_1": venue.address or "",
                "city": venue.town or "",
                # The area only for a venue in it (a Sheffield venue is not in Derbyshire).
                "state_province": (venue.town or "") if venue.outside_area else area_name,
                "postal_code": venue.postcode or "",
                "country": "GB",
                "address_type": "physical",
            }
        ]
    access = asset.tag_values("accessibility")
    if access:
        location["accessibility"] = [
            {
                "id": name_id("accessibility", lid, tag),
                "location_id": lid,
                "description": term_object(BY_CODE[ACCESSIBILITY], tag)["name"],
            }
            for tag in access
            if _known(ACCESSIBILITY, tag)
        ]
    return location


def virtual_location(asset: Asset) -> dict:
    lid = entity_id("virtual-location", asset.id)
    location = {"id": lid, "location_type": "virtual", "name": "Online"}
    if asset.conference_url:
        location["url"] = asset.conference_url
    if asset.conference_url_notes:
        location["description"] = asset.conference_url_notes
    if asset.conference_phone:
        phone = {"id": name_id("dial-in", lid), "number": asset.conference_phone}
        if asset.conference_phone_notes:
            phone["description"] = asset.conference_phone_notes
        location["phones"] = [phone]
    return location


# --- what ---------------------------------------------------------------------------------


def attributes(asset: Asset, service_id: str) -> list[dict]:
    """Links from the service to its domain, kind, audience and accessibility terms."""
    links = [(DOMAINS, code) for code in asset.domain_codes] + [(KINDS, asset.kind)]
    links += [(AUDIENCE, tag) for tag in asset.tag_values("audience")]
    links += [(ACCESSIBILITY, tag) for tag in asset.tag_values("accessibility")]
    return [
        {
            "id": name_id("attribute", service_id, taxonomy, code),
            "link_id": service_id,
            "link_type": "service",
            "link_entity": "service",
            "taxonomy_term_id": name_id("term", taxonomy, code),
            "taxonomy_term": term_object(BY_CODE[taxonomy], code),
        }
        for taxonomy, code in links
        if _known(taxonomy, code)
    ]


def _known(taxonomy: str, code: str) -> bool:
    """Language codes are audience tags with no term here; they are left out, not guessed."""
    return any(term[0] == code for term in BY_CODE[taxonomy].terms)
