"""maps/embed.py: a map's parts are rendered once, and what they output is kept as text."""

from __future__ import annotations

import threading

import folium
import jinja2
import pytest
from branca.element import Element

from mapapp.maps import embed as embedding
from mapapp.maps.asset_layer import AssetLayer


def _vendor(package: str, filename: str) -> str:
    return f"/vendor/{package}/{filename}"


@pytest.mark.parametrize(
    "text",
    ["", "plain", "one\n", "two\n\n", "a\r\nb\rc\n", "a\r\n", "<script>x = {a: 1};</script>\n"],
)
def test_text_kept_as_text_is_what_jinja_made_of_it(text):
    # The outputs used to be compiled and rendered again; with no template syntax in them
    # that gave back the same text, line ends normalised and one final newline dropped.
    assert embedding._Literal(text).render() == jinja2.Template(text).render()


def test_template_syntax_in_a_layers_data_reaches_the_page_as_data():
    fmap = folium.Map(tiles=None)
    name = "{{ 'jinja' ~ 'evaluated' }}{% raw %}"
    feature = {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [-1.5, 53.0]},
        "properties": {"name": name},
    }
    AssetLayer([feature]).add_to(fmap)
    script = str(embedding.embed(fmap, _vendor).script)
    assert "\"name\": \"{{ 'jinja' ~ 'evaluated' }}{% raw %}\"" in script.replace("\\u0027", "'")
    assert "jinjaevaluated" not in script


def test_templates_made_outside_a_render_still_work_on_every_thread():
    made = {}

    def make():
        made["element"] = Element("{% for i in [1, 2] %}{{ i }}{% endfor %}")

    with embedding._outputs_kept_as_text():
        worker = threading.Thread(target=make)
        worker.start()
        worker.join()
    assert made["element"].render() == "12"
    assert Element("{{ 1 + 1 }}").render() == "2"
