/* mapapp point picker: a click on the map sets the form's longitude and latitude fields
 * (and a ring where the point is). Typing in the fields moves the ring too. No markup is
 * built from data: only numbers are written, with .value and textContent.
 */
(function () {
  "use strict";
  function pickPoint(map, options) {
    var lon = document.getElementById(options.lon);
    var lat = document.getElementById(options.lat);
    var status = document.getElementById(options.status);
    var ring = null;

    function show(latlng) {
      if (ring) {
        ring.setLatLng(latlng);
      } else {
        ring = L.circleMarker(latlng, { radius: 9, color: "#d4351c", weight: 3,
                                        fill: true, fillOpacity: 0.2, interactive: false })
          .addTo(map);
      }
    }

    function fromFields() {
      var x = parseFloat(lon.value), y = parseFloat(lat.value);
      if (isFinite(x) && isFinite(y)) show([y, x]);
    }

    map.on("click", function (event) {
      lat.value = event.latlng.lat.toFixed(6);
      lon.value = event.latlng.lng.toFixed(6);
      show(event.latlng);
      if (status) {
        status.textContent = "Point chosen: latitude " + lat.value + ", longitude " +
          lon.value + ". Press “Save this point” to keep it.";
      }
    });
    lon.addEventListener("change", fromFields);
    lat.addEventListener("change", fromFields);
    fromFields();
  }

  window.mapapp = window.mapapp || {};
  window.mapapp.pickPoint = pickPoint;
})();
