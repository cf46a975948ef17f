"""Open Referral UK identifiers and the taxonomies mapapp publishes (HSDS-UK 3.0).

The profile asks for UUIDs. A listing's service id carries the listing's number in its last
twelve hex digits (``6d617061-0001-4000-8000-00000000002a`` is listing 42), so an id can be
turned back into a row without a lookup table and stays the same across exports. Ids of
things that are never looked up (attributes, addresses, phones, contacts, terms) are UUID5
names: stable, and the same on every installation for the same taxonomy term.

Taxonomies: the seven recovery domains plus treatment (``recovery-domains``, term code =
the domain code), the kind of listing (``listing-kinds``), and the audience and
accessibility tags. Their ids are UUID5 names of their codes, so they never change.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from .. import vocab as D

_PREFIX = "6d617061"  # 'mapa' in hex: marks ids minted by mapapp
_ENTITIES = {
    "service": 1,
    "organization": 2,
    "location": 3,
    "virtual-location": 4,
    "service-at-location": 5,
    "virtual-service-at-location": 6,
    "schedule": 7,
}
_NAMESPACE = uuid.UUID("6d617061-0000-4000-8000-000000000000")
_ID = re.compile(r"6d617061-([0-9a-f]{4})-4000-8000-([0-9a-f]{12})")


def entity_id(entity: str, number: int) -> str:
    """The UUID of row ``number`` of an entity ("service", "location", …)."""
    return f"{_PREFIX}-{_ENTITIES[entity]:04x}-4000-8000-{number:012x}"


def number_of(entity: str, text: str) -> int | None:
    """entity_id backwards; None for an id that is not one of ours for that entity."""
    match = _ID.fullmatch(str(text).strip().lower())
    if not match or int(match.group(1), 16) != _ENTITIES[entity]:
        return None
    return int(match.group(2), 16)


def name_id(*parts) -> str:
    """A stable UUID for something identified by its parts (a term, an attribute…)."""
    return str(uuid.uuid5(_NAMESPACE, "/".join(str(p) for p in parts)))


@dataclass(frozen=True)
class Taxonomy:
    code: str
    name: str
    description: str
    terms: tuple[tuple[str, str, str], ...]  # (code, label, description)

    @property
    def id(self) -> str:
        return name_id("taxonomy", self.code)


DOMAINS = "recovery-domains"
KINDS = "listing-kinds"
AUDIENCE = "audience"
ACCESSIBILITY = "accessibility"


# Every term says what it means: the profile requires a description of each term (the
# validator rejects a service whose attributes embed a term without one); vocab holds them.
def _terms(terms: tuple[D.Term, ...]) -> tuple[tuple[str, str, str], ...]:
    return tuple((t.code, t.label, t.description) for t in terms)


TAXONOMIES: tuple[Taxonomy, ...] = (
    Taxonomy(
        DOMAINS,
        "Community recovery domains",
        "The seven community-recovery domains, and specialist treatment as context.",
        tuple((d.code, d.label, d.description) for d in D.DOMAINS),
    ),
    Taxonomy(
        KINDS,
        "Kinds of listing",
        "Meeting (a recurring peer group), service (an organisation's offer), activity "
        "(a recurring session) or opportunity (volunteering, a course, a role).",
        _terms(D.KIND_TERMS),
    ),
    Taxonomy(
        AUDIENCE,
        "Who it is for",
        "Groups and services for a particular audience.",
        _terms(D.AUDIENCE_TERMS),
    ),
    Taxonomy(
        ACCESSIBILITY,
        "Accessibility",
        "Access arrangements at the venue.",
        _terms(D.ACCESSIBILITY_TERMS),
    ),
)
BY_CODE = {t.code: t for t in TAXONOMIES}


def taxonomy_object(taxonomy: Taxonomy) -> dict:
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "version": "1",
    }


def term_object(taxonomy: Taxonomy, code: str) -> dict:
    """A term: ``code`` is the stable mapapp code (what the importer reads back)."""
    label, description = next((t[1], t[2]) for t in taxonomy.terms if t[0] == code)
    return {
        "id": name_id("term", taxonomy.code, code),
        "code": code,
        "name": label,
        "description": description,
        "term": label,
        "taxonomy": taxonomy.code,
        "taxonomy_id": taxonomy.id,
    }


def all_terms() -> list[dict]:
    return [term_object(t, code) for t in TAXONOMIES for code, _label, _d in t.terms]


def find_term(text: str) -> tuple[str, str] | None:
    """A term id (or a bare term code, for people typing URLs) -> (taxonomy code, code)."""
    key = str(text).strip()
    for taxonomy in TAXONOMIES:
        for code, _label, _description in taxonomy.terms:
            if key in (code, name_id("term", taxonomy.code, code)):
                return taxonomy.code, code
    return None


def find_taxonomy(text: str) -> Taxonomy | None:
    key = str(text).strip()
    return next((t for t in TAXONOMIES if key in (t.code, t.id)), None)
