/* mapapp gap layers: choropleths drawn from one compact data blob.
 * Each layer is a base layer (radio button): districts filled by coverage, or LSOA
 * centroids coloured by distance or access decile. Deprived LSOAs are a ring overlay
 * (neighbours merged into one bigger ring at low zoom); district names are labels.
 * Tooltips are built with textContent, so stored names can never become markup.
 */
(function () {
  "use strict";
  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = String(value);
    return node;
  }

  function colourOf(spec, layer, i) {
    return spec.bands[layer.bands][layer.band[i]].colour;  // bands are chosen by the server
  }

  function describe(layer, value) {
    if (value === null || value === undefined) return layer.none;
    return layer.prefix + value.toLocaleString("en-GB") + layer.suffix;
  }

  function districtLayer(spec, layer) {
    var count = 0;
    var group = L.geoJSON(spec.districts, {
      style: function (f) {
        return { color: "#333333", weight: 1.5, fillOpacity: 0.8, className: "gap-district",
                 fillColor: colourOf(spec, layer, f.properties.index) };
      },
      onEachFeature: function (f, shape) {
        count += 1;
        shape.bindTooltip(function () {
          return text("span", f.properties.name + ": " +
                      describe(layer, layer.values[f.properties.index]));
        });
      }
    });
    group.drawn = count;
    return group;
  }

  function pointLayer(spec, layer) {
    var group = L.featureGroup();
    spec.points.forEach(function (p, i) {
      var value = layer.values[i];
      var marker = L.circleMarker([p[0], p[1]], {
        radius: 6, color: "#333333", weight: 1, fillColor: colourOf(spec, layer, i),
        fillOpacity: 0.9,
        className: "gap-point"
      });
      marker.bindTooltip(function () {
        return text("span", p[2] + " (" + p[3] + "): " + describe(layer, value));
      });
      group.addLayer(marker);
    });
    group.drawn = spec.points.length;
    return group;
  }

  // Rings whose centres would lie closer than this on screen are drawn as one bigger ring
  // (at most RING_MAX_PX across the radius, so merged rings do not overlap either): in a
  // city the most deprived neighbourhoods sit side by side, and one ring each was a mass.
  var RING_APART_PX = 34, RING_MAX_PX = 16;

  function ringGroups(map, spec) {
    var groups = [];
    spec.deprived.forEach(function (i) {
      var p = spec.points[i];
      var at = map.project([p[0], p[1]], map.getZoom());
      var near = groups.find(function (g) { return g.at.distanceTo(at) < RING_APART_PX; });
      if (near) near.members.push(p); else groups.push({ at: at, members: [p] });
    });
    return groups.map(function (g) { return g.members; });
  }

  function deprivedLayer(map, spec) {
    // Their own pane above the choropleths, so a newly chosen layer never covers them.
    if (!map.getPane("deprived")) map.createPane("deprived").style.zIndex = 450;
    var group = L.featureGroup();
    function draw() {
      group.clearLayers();
      var groups = ringGroups(map, spec);
      groups.forEach(function (members) {
        var lat = 0, lon = 0;
        members.forEach(function (p) { lat += p[0] / members.length; lon += p[1] / members.length; });
        L.circleMarker([lat, lon], {
          radius: Math.min(RING_MAX_PX, 8 + 2 * Math.sqrt(members.length - 1)), color: "#000000",
          weight: 2.5, fill: false, interactive: false, className: "deprived-ring",
          pane: "deprived"
        }).addTo(group);
      });
      var box = map.getContainer();
      box.setAttribute("data-deprived-rings", String(groups.length));
      box.setAttribute("data-deprived-shown", String(spec.deprived.length));
    }
    map.on("zoomend", draw);
    draw();
    return group;
  }

  // District names on the map itself (permanent labels, built with textContent), so a
  // commissioner can read which district is which without hovering, on screen and on paper.
  function labelLayer(spec) {
    var group = L.featureGroup();
    (spec.labels || []).forEach(function (label) {
      L.circleMarker([label[0], label[1]], {
        radius: 0, opacity: 0, fillOpacity: 0, interactive: false
      }).bindTooltip(text("span", label[2]), {
        permanent: true, direction: "center", className: "district-label"
      }).addTo(group);
    });
    return group;
  }

  // The layer shown, named on the map itself (with textContent), so that a printed map,
  // whose layer list is hidden, still says what it shows.
  function nameLayer(map, spec) {
    if (!spec.layers.length) return;
    var box = L.control({ position: "bottomleft" });
    box.onAdd = function () { return L.DomUtil.create("div", "map-title gap-layer-title"); };
    box.addTo(map);
    function show(label) { box.getContainer().textContent = (spec.title || "") + label; }
    map.on("baselayerchange", function (event) { show(event.name); });
    show(spec.layers[0].label);
  }

  function addGapLayers(map, spec, overlays) {
    var base = {};
    var first = null;
    spec.layers.forEach(function (layer) {
      var drawn = layer.level === "districts" ? districtLayer(spec, layer)
                                              : pointLayer(spec, layer);
      base[layer.label] = drawn;
      if (!first) first = drawn;
    });
    // Leaflet's layers control inserts these names as HTML: they must stay the app's own
    // constants (domain labels, DEPRIVED_LABEL, "District boundaries"), never stored text.
    var control = {};
    if (spec.deprived.length) {
      var rings = deprivedLayer(map, spec).addTo(map);
      control[spec.deprivedLabel + " (" + spec.deprived.length + ")"] = rings;
    }
    if ((spec.labels || []).length) control["District names"] = labelLayer(spec).addTo(map);
    Object.keys(overlays || {}).forEach(function (name) { control[name] = overlays[name]; });
    if (first) first.addTo(map);
    L.control.layers(base, control, { collapsed: false }).addTo(map);
    nameLayer(map, spec);
    map.getContainer().setAttribute("data-gaps-drawn", String(first ? first.drawn : 0));
    return base;
  }

  window.mapapp = window.mapapp || {};
  window.mapapp.addGapLayers = addGapLayers;
})();
