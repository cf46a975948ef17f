/* mapapp asset layer: draws listings from GeoJSON as clustered circle markers, one
 * cluster group (and layer-control entry) per recovery domain.
 * Popups and tooltips are built with textContent, so stored text can never become markup.
 */
(function () {
  "use strict";
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function popupContent(p, domainsByCode) {
    var box = el("div", "popup");
    var title = el("h3");
    if (p.url) {
      var link = el("a", null, p.name);
      link.href = p.url;  // a site-relative URL built by the server
      title.appendChild(link);
    } else {
      title.textContent = p.name;
    }
    box.appendChild(title);
    if (p.demo) box.appendChild(el("p", "demo-flag", "Demo data (fictional listing)"));
    box.appendChild(el("p", null, p.kind + " · " + p.attendance));
    var badges = el("p");
    (p.domains || []).forEach(function (code) {
      var d = domainsByCode[code];
      var badge = el("span", "badge", d ? d.label : code);
      if (d) badge.style.background = d.colour;
      badges.appendChild(badge);
      badges.appendChild(document.createTextNode(" "));
    });
    box.appendChild(badges);
    (p.when || []).forEach(function (line) { box.appendChild(el("p", "when", line)); });
    if (p.venue) box.appendChild(el("p", "venue", p.venue));
    if (p.precision && p.precision !== "exact") {
      box.appendChild(el("p", "precision", "Approximate location"));
    }
    return box;
  }

  function addAssetLayer(map, data, domains, overlays, options) {
    var domainsByCode = {};
    var groups = {};
    domains.forEach(function (d) {
      domainsByCode[d.code] = d;
      groups[d.code] = L.markerClusterGroup({
        maxClusterRadius: 40, showCoverageOnHover: false,
        iconCreateFunction: function (cluster) {  // the domain's colour, so layers stay apart
          var badge = el("div", null, cluster.getChildCount());
          badge.style.background = d.colour;
          return L.divIcon({ html: badge, className: "marker-cluster domain-cluster",
                             iconSize: L.point(34, 34) });
        }
      });
    });
    var drawn = 0;
    data.features.forEach(function (f) {
      var p = f.properties;
      var c = f.geometry.coordinates;  // GeoJSON is [lon, lat]; Leaflet wants [lat, lon]
      var d = domainsByCode[p.primary];
      var marker = L.circleMarker([c[1], c[0]], {
        radius: 8, color: "#ffffff", weight: 2, fillColor: d ? d.colour : "#333333",
        fillOpacity: 0.95, className: "asset-marker"
      });
      marker.bindTooltip(function () { return el("span", null, p.name); });
      marker.bindPopup(function () { return popupContent(p, domainsByCode); }, { maxWidth: 320 });
      marker.feature = f;
      groups[p.primary].addLayer(marker);
      drawn += 1;
    });
    var control = {};
    Object.keys(overlays || {}).forEach(function (name) { control[name] = overlays[name]; });
    domains.forEach(function (d) {
      if (groups[d.code].getLayers().length) {
        groups[d.code].addTo(map);
        control[d.label + " (" + groups[d.code].getLayers().length + ")"] = groups[d.code];
      }
    });
    L.control.layers(null, control, { collapsed: !!(options && options.collapsed) }).addTo(map);
    map.getContainer().setAttribute("data-assets-drawn", String(drawn));
    return groups;
  }

  window.mapapp = window.mapapp || {};
  window.mapapp.addAssetLayer = addAssetLayer;
})();
