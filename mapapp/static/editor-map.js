/* The listing editor's map: click to place the listing's point, drag the marker to move it.
   The point goes into the form's hidden lon/lat inputs and is marked "exact": a navigator
   placed it by hand. Without JavaScript the postcode/town lookup does the same job. */
(function () {
  "use strict";
  var frame = document.getElementById("editor-map");
  if (!frame || !window.L) return;
  var map = window[frame.getAttribute("data-map")];
  if (!map) return;
  var lon = document.getElementById("lon"), lat = document.getElementById("lat");
  var precision = document.getElementById("precision");
  var status = document.getElementById("point-status");
  var marker = null;

  function fixed(value) { return (Math.round(value * 1e6) / 1e6).toString(); }

  function show(latlng, note) {
    status.textContent = "Map point: " + fixed(latlng.lat) + ", " + fixed(latlng.lng) + " (" + note + ").";
  }

  function placed(latlng) {
    lon.value = fixed(latlng.lng);
    lat.value = fixed(latlng.lat);
    precision.value = "exact";
    var none = document.getElementById("no_location");
    if (none) none.checked = false;
    show(latlng, "exact, placed on the map");
  }

  function putMarker(latlng) {
    if (marker) { marker.setLatLng(latlng); return; }
    marker = L.marker(latlng, { draggable: true, keyboard: true, title: "The listing's point: drag to move it", alt: "Listing point" }).addTo(map);
    marker.on("dragend", function () { placed(marker.getLatLng()); });
  }

  if (lon.value && lat.value) {
    var start = L.latLng(parseFloat(lat.value), parseFloat(lon.value));
    putMarker(start);
    map.setView(start, 15);
  }
  map.on("click", function (event) {
    putMarker(event.latlng);
    placed(event.latlng);
  });
})();
