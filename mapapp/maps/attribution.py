"""A Leaflet attribution line added to a folium map (reference data licences demand it)."""

from __future__ import annotations

from branca.element import MacroElement
from jinja2 import Template


class Attribution(MacroElement):
    _template = Template("""
        {% macro script(this, kwargs) %}
            {{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.text|tojson }});
        {% endmacro %}
    """)

    def __init__(self, text: str):
        super().__init__()
        self._name = "Attribution"
        self.text = text  # our own constant, HTML-safe; tojson keeps it inert inside <script>
