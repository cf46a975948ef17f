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

  function asButton(marker, label) {  // a named button for screen readers and keyboards
    marker.on("add", function () {
      var icon = marker.getElement();
      icon.setAttribute("role", "button");
      icon.setAttribute("aria-label", label);
    });
  }

  function listingMarker(f, domainsByCode) {
    var p = f.properties;
    var c = f.geometry.coordinates;  // GeoJSON is [lon, lat]; Leaflet wants [lat, lon]
    var d = domainsByCode[p.primary];
    var marker = L.marker([c[1], c[0]], {
      icon: markerIcon(d ? d.colour : "#333333"), keyboard: true, title: p.name,
      riseOnHover: true
    });
    asButton(marker, p.name + ": open details");
    marker.bindTooltip(function () { return el("span", null, p.name); });
    marker.bindPopup(function () { return popupContent(p, domainsByCode); }, { maxWidth: 320 });
    marker.feature = f;
    return marker;
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

  function clusterGroup(domainsByCode) {
    return L.markerClusterGroup({
      maxClusterRadius: 40, showCoverageOnHover: false,
      iconCreateFunction: function (c) {  // one domain: its colour; several: the site's blue
        var badge = el("div", null, c.getChildCount());
        badge.style.background = clusterColour(c, domainsByCode);
        return L.divIcon({ html: badge, className: "marker-cluster domain-cluster",
                           iconSize: L.point(34, 34) });
      }
    });
  }

  function addAssetLayer(map, data, domains, overlays, options) {
    var domainsByCode = {};
    var groups = {};
    var cluster = clusterGroup(domainsByCode).addTo(map);
    domains.forEach(function (d) {
      domainsByCode[d.code] = d;
      groups[d.code] = L.layerGroup();  // a switch in the layer list; markers live in cluster
      groups[d.code].markers = [];
    });
    var drawn = 0;
    data.features.forEach(function (f) {
      groups[f.properties.primary].markers.push(listingMarker(f, domainsByCode));
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

  // --- listings by tile: the page carries none, the view asks for its tiles ---------------
  var TILE = 256, MAX_TILE_ZOOM = 18;

  function clusterMarker(c, count, colour, map) {
    var badge = el("div", null, count);
    badge.style.background = colour;
    var marker = L.marker([c.lat, c.lon], {
      icon: L.divIcon({ html: badge, className: "marker-cluster domain-cluster",
                        iconSize: L.point(34, 34) }),
      keyboard: true, title: count + " listings here"
    });
    asButton(marker, count + " listings here: zoom in");
    marker.on("click", function () {  // to where its listings are, at least one step in
      var b = c.bounds, zoom = map.getZoom();
      var fit = map.getBoundsZoom(L.latLngBounds([b[1], b[0]], [b[3], b[2]]));
      map.setView([c.lat, c.lon], Math.min(MAX_TILE_ZOOM, Math.max(zoom + 2, fit)));
    });
    return marker;
  }

  function addTiledAssetLayer(map, url, domains, overlays, options) {
    var domainsByCode = {}, shown = {}, tiles = {}, wanted = [];
    // Clusters the server made (far out), and the listings of tiles that hold few, which
    // still gather in the browser when they would lie on top of each other.
    var layer = L.layerGroup().addTo(map);
    var near = clusterGroup(domainsByCode).addTo(map);
    var container = map.getContainer();
    var control = {};
    Object.keys(overlays || {}).forEach(function (name) { control[name] = overlays[name]; });
    domains.forEach(function (d) {
      domainsByCode[d.code] = d;
      if (!d.count) return;
      var toggle = L.layerGroup();  // a switch in the layer list; the markers live in layer
      toggle.on("add", function () { shown[d.code] = true; draw(); });
      toggle.on("remove", function () { shown[d.code] = false; draw(); });
      shown[d.code] = true;
      toggle.addTo(map);
      control[d.label + " (" + d.count + ")"] = toggle;
    });

    function inView() {  // the tiles the view covers, at the whole zoom below the map's
      var z = Math.max(0, Math.min(MAX_TILE_ZOOM, Math.floor(map.getZoom())));
      var b = map.getBounds(), last = Math.pow(2, z) - 1;
      var nw = map.project(b.getNorthWest(), z), se = map.project(b.getSouthEast(), z);
      var x0 = Math.max(0, Math.floor(nw.x / TILE)), x1 = Math.min(last, Math.floor(se.x / TILE));
      var y0 = Math.max(0, Math.floor(nw.y / TILE)), y1 = Math.min(last, Math.floor(se.y / TILE));
      var keys = [];
      for (var x = x0; x <= x1; x++) for (var y = y0; y <= y1; y++) keys.push(z + "/" + x + "/" + y);
      container.setAttribute("data-tile-range", [z, x0, y0, x1, y1].join(","));
      return keys;
    }

    function colourOf(counts) {  // one domain shown: its colour; several: the site's blue
      var codes = Object.keys(counts).filter(function (k) { return shown[k]; });
      return codes.length === 1 && domainsByCode[codes[0]] ? domainsByCode[codes[0]].colour : "#0b3d5c";
    }

    function draw() {
      layer.clearLayers();
      var points = [], drawn = 0, ready = 0;
      wanted.forEach(function (key) {
        var tile = tiles[key];
        if (!tile || tile === "loading") return;
        ready += 1;
        tile.points.forEach(function (f) {
          if (!shown[f.properties.primary]) return;
          points.push(listingMarker(f, domainsByCode));
          drawn += 1;
        });
        tile.clusters.forEach(function (c) {
          var count = Object.keys(c.counts).reduce(function (n, k) {
            return n + (shown[k] ? c.counts[k] : 0);
          }, 0);
          if (!count) return;
          layer.addLayer(clusterMarker(c, count, colourOf(c.counts), map));
          drawn += count;
        });
      });
      near.clearLayers();
      near.addLayers(points);
      if (ready === wanted.length) container.setAttribute("data-assets-drawn", String(drawn));
    }

    function refresh() {
      wanted = inView();
      container.removeAttribute("data-assets-drawn");
      wanted.forEach(function (key) {
        if (tiles[key]) return;
        tiles[key] = "loading";
        fetch(url.replace("{tile}", key), { credentials: "same-origin" })
          .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
          .then(function (tile) { tiles[key] = tile; draw(); })
          .catch(function () { delete tiles[key]; });  // asked again at the next move
      });
      draw();
    }

    L.control.layers(null, control, { collapsed: !!(options && options.collapsed) }).addTo(map);
    map.on("moveend", refresh);
    map.whenReady(refresh);
  }

  window.mapapp = window.mapapp || {};
  window.mapapp.addTiledAssetLayer = addTiledAssetLayer;
  window.mapapp.addAssetLayer = addAssetLayer;
})();
