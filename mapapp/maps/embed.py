"""Embed a folium map in a mapapp page: its script and style links, its div, its script.

folium's own page header also sets html/body sizes and a viewport that forbids zooming
(a WCAG failure); only the resource links are taken from it, the page supplies the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import folium
from branca.element import CssLink, JavascriptLink
from markupsafe import Markup

from .offline import localise


@dataclass(frozen=True)
class EmbeddedMap:
    head: Markup  # the stylesheets and the libraries, for a page's <head>
    body: Markup
    script: Markup
    name: str
    styles: Markup = Markup("")  # the stylesheets alone ...
    libraries: Markup = Markup("")  # ... and the libraries, for the end of the body, so that
    # the page (a result list above its map) is drawn before they arrive


def embed(fmap: folium.Map, vendor_url: Callable[[str, str], str]) -> EmbeddedMap:
    """``vendor_url(package, filename)``: where the page loads each library from (the app
    serves its own copies: see maps/offline.py)."""
    localise(fmap, vendor_url)
    root = fmap.get_root()
    root.render()
    script = root.script.render()
    # jQuery (30 KB) only for a map whose script uses it (folium's own popups do; the
    # listing layers build theirs without it): most pages never need it.
    children = [
        c
        for c in root.header._children.values()
        if "$(" in script or not (isinstance(c, JavascriptLink) and "jquery" in c.url)
    ]
    links = [c.render() for c in children if isinstance(c, (JavascriptLink, CssLink))]
    styles = [c.render() for c in children if isinstance(c, CssLink)]
    libraries = [c.render() for c in children if isinstance(c, JavascriptLink)]
    return EmbeddedMap(
        head=Markup("\n".join(links)),
        body=Markup(root.html.render()),
        script=Markup(script),
        name=fmap.get_name(),
        styles=Markup("\n".join(styles)),
        libraries=Markup("\n".join(libraries)),
    )
