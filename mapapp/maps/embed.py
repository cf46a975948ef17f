"""Embed a folium map in a mapapp page: its script and style links, its div, its script.

folium's own page header also sets html/body sizes and a viewport that forbids zooming
(a WCAG failure); only the resource links are taken from it, the page supplies the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

import folium
from branca.element import CssLink, JavascriptLink
from flask import url_for
from markupsafe import Markup

from .offline import localise


@dataclass(frozen=True)
class EmbeddedMap:
    head: Markup
    body: Markup
    script: Markup
    name: str


def vendor_url(package: str, filename: str) -> str:
    if package == "mapapp":
        return url_for("static", filename=filename)
    return url_for("vendor.asset", package=package, filename=filename)


def embed(fmap: folium.Map) -> EmbeddedMap:
    localise(fmap, vendor_url)
    root = fmap.get_root()
    root.render()
    links = [
        child.render()
        for child in root.header._children.values()
        if isinstance(child, (JavascriptLink, CssLink))
    ]
    return EmbeddedMap(
        head=Markup("\n".join(links)),
        body=Markup(root.html.render()),
        script=Markup(root.script.render()),
        name=fmap.get_name(),
    )
