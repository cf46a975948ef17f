"""The one converter for ids in URLs: ``<id:asset_id>``.

It accepts any digit string, as werkzeug's ``int`` did, so an id too large for the database
still reaches its view and gets that view's own "not found" answer (an HTML page, or JSON
with CORS under /api); the views look rows up through ``db.get_row`` / ``db.id_fits``, which
answer such an id as missing instead of sending it to the database.
"""

from __future__ import annotations

from werkzeug.routing import BaseConverter


class IdConverter(BaseConverter):
    regex = r"\d+"
    part_isolating = True

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
