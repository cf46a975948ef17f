"""Embed a folium map in a mapapp page: its script and style links, its div, its script.

folium's own page header also sets html/body sizes and a viewport that forbids zooming
(a WCAG failure); only the resource links are taken from it, the page supplies the rest.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass

import branca.element
import folium
import jinja2
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


# branca renders a map in two passes: each element's macros are rendered, and each output
# is then wrapped in Element(output), which compiles it as a Jinja template of its own and
# renders it again. Stored text that reached an output (a listing's name in a layer's
# GeoJSON, a popup) would then run as template code on the server: "{{ ... }}" in a
# listing's name gave a 500 on /find, and Jinja code can reach Python's internals. It was
# also slow: compiling the outputs (a page's GeoJSON among them) took a third of a /find
# request at 100,000 listings. So while embed() renders a map, on this thread only, an
# Element made from a string keeps that string as text (_Literal). Templates built before
# rendering (folium's and ours are built when their classes or figures are made) are
# untouched, and so is every other thread.
_rendering = threading.local()
_NEWLINES = re.compile(r"\r\n|\r|\n")


class _Literal:
    """What Jinja would make of a template with no template syntax in it, without reading
    it as one: the same text with its line ends as "\n" and one trailing newline dropped
    (Jinja's defaults), whatever the text holds."""

    def __init__(self, source: str):
        lines = _NEWLINES.split(source)
        if lines[-1] == "":
            lines.pop()
        self.text = "\n".join(lines)

    def render(self, *args, **kwargs) -> str:
        return self.text


def _template(source):
    if getattr(_rendering, "active", False) and isinstance(source, str):
        return _Literal(source)
    return jinja2.Template(source)


branca.element.Template = _template  # the name Element.__init__ compiles a string with


@contextlib.contextmanager
def _outputs_kept_as_text():
    _rendering.active = True
    try:
        yield
    finally:
        _rendering.active = False


def embed(fmap: folium.Map, vendor_url: Callable[[str, str], str]) -> EmbeddedMap:
    """``vendor_url(package, filename)``: where the page loads each library from (the app
    serves its own copies: see maps/offline.py)."""
    localise(fmap, vendor_url)
    root = fmap.get_root()
    with _outputs_kept_as_text():
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
