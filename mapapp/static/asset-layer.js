/* mapapp asset layer: draws listings from GeoJSON as clustered markers, one cluster group
 * (and layer-control entry) per recovery domain. Markers are focusable 24 px buttons (Tab
 * reaches them, Enter opens the popup), and every popup is a way in: the name links to the
 * listing, with the next session, the distance and directions from where you are.
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
    if (p.next) box.appendChild(el("p", "next", "Next: " + p.next));
    (p.when || []).forEach(function (line) { box.appendChild(el("p", "when", line)); });
    if (p.venue) box.appendChild(el("p", "venue", p.venue));
    if (p.distance_km !== undefined && p.distance_km !== null) {
      box.appendChild(el("p", "distance", p.distance_km.toFixed(1) + " km away"));
    }
    if (p.precision && p.precision !== "exact") {
      box.appendChild(el("p", "precision", "Approximate location"));
    }
    if (p.directions) {
      var way = el("a", "directions-link", "Directions from where you are");
      way.href = p.directions;  // built by the server from the venue's point
      way.rel = "noopener noreferrer";
      box.appendChild(el("p")).appendChild(way);
    }
    return box;
  }

  function markerIcon(colour) {
    var dot = el("span", "asset-dot");
    dot.style.background = colour;
    return L.divIcon({ html: dot, className: "asset-marker", iconSize: L.point(24, 24) });
  }

  // One cluster group for every domain, so that listings of different domains at the same
  // place gather into one cluster instead of lying on top of each other (each marker must
  // stay a 24 px target); the layer list still shows and hides each domain.
  function clusterColour(cluster, domainsByCode) {
    var codes = {};
    cluster.getAllChildMarkers().forEach(function (m) { codes[m.feature.properties.primary] = 1; });
    var keys = Object.keys(codes);
    return keys.length === 1 && domainsByCode[keys[0]] ? domainsByCode[keys[0]].colour : "#0b3d5c";
  }

  function addAssetLayer(map, data, domains, overlays, options) {
    var domainsByCode = {};
    var groups = {};
    var cluster = L.markerClusterGroup({
      maxClusterRadius: 40, showCoverageOnHover: false,
      iconCreateFunction: function (c) {  // one domain: its colour; several: the site's blue
        var badge = el("div", null, c.getChildCount());
        badge.style.background = clusterColour(c, domainsByCode);
        return L.divIcon({ html: badge, className: "marker-cluster domain-cluster",
                           iconSize: L.point(34, 34) });
      }
    }).addTo(map);
    domains.forEach(function (d) {
      domainsByCode[d.code] = d;
      groups[d.code] = L.layerGroup();  // a switch in the layer list; markers live in cluster
      groups[d.code].markers = [];
    });
    var drawn = 0;
    data.features.forEach(function (f) {
      var p = f.properties;
      var c = f.geometry.coordinates;  // GeoJSON is [lon, lat]; Leaflet wants [lat, lon]
      var d = domainsByCode[p.primary];
      var marker = L.marker([c[1], c[0]], {
        icon: markerIcon(d ? d.colour : "#333333"), keyboard: true, title: p.name,
        riseOnHover: true
      });
      marker.on("add", function () {  // a named button for screen readers and keyboards
        var icon = marker.getElement();
        icon.setAttribute("role", "button");
        icon.setAttribute("aria-label", p.name + ": open details");
      });
      marker.bindTooltip(function () { return el("span", null, p.name); });
      marker.bindPopup(function () { return popupContent(p, domainsByCode); }, { maxWidth: 320 });
      marker.feature = f;
      groups[p.primary].markers.push(marker);
      drawn += 1;
    });
    var control = {};
    Object.keys(overlays || {}).forEach(function (name) { control[name] = overlays[name]; });
    domains.forEach(function (d) {
      var group = groups[d.code];
      if (group.markers.length) {
        group.on("add", function () { cluster.addLayers(group.markers); });
        group.on("remove", function () { cluster.removeLayers(group.markers); });
        group.addTo(map);
        control[d.label + " (" + group.markers.length + ")"] = group;
      }
    });
    L.control.layers(null, control, { collapsed: !!(options && options.collapsed) }).addTo(map);
    map.getContainer().setAttribute("data-assets-drawn", String(drawn));
    return groups;
  }

  window.mapapp = window.mapapp || {};
  window.mapapp.addAssetLayer = addAssetLayer;
})();
