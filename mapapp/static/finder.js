/* "Use my location": the browser asks the person; only then is the point sent, to us only. */
(function () {
  "use strict";
  var button = document.getElementById("use-location");
  if (!button) return;
  var status = document.getElementById("location-status");
  if (!("geolocation" in navigator)) { button.hidden = true; return; }
  button.addEventListener("click", function () {
    status.textContent = "Finding your location…";
    navigator.geolocation.getCurrentPosition(function (position) {
      var near = position.coords.latitude.toFixed(5) + "," + position.coords.longitude.toFixed(5);
      window.location.href = button.form.action + "?near=" + encodeURIComponent(near);
    }, function () {
      status.textContent = "Your location is not available. Type a postcode or town instead.";
    }, { timeout: 10000, maximumAge: 600000 });
  });
  var print = document.getElementById("print-list");
  if (print) print.addEventListener("click", function () { window.print(); });
})();

/* The map never traps the page's scrolling: the wheel scrolls the page, and on a touch
 * screen one finger scrolls the page until "Move the map" is chosen. */
(function () {
  "use strict";
  if (typeof L !== "object") return;
  Object.keys(window).forEach(function (name) {
    var map = window[name];
    if (name.indexOf("map_") !== 0 || !(map instanceof L.Map)) return;
    map.scrollWheelZoom.disable();
    if (!L.Browser.touch) return;
    map.dragging.disable();
    var control = L.control({ position: "topright" });
    control.onAdd = function () {
      var button = L.DomUtil.create("button", "map-move-toggle");
      button.type = "button";
      button.textContent = "Move the map";
      button.setAttribute("aria-pressed", "false");
      L.DomEvent.disableClickPropagation(button);
      L.DomEvent.on(button, "click", function () {
        var on = !map.dragging.enabled();
        if (on) map.dragging.enable(); else map.dragging.disable();
        button.textContent = on ? "Scroll the page" : "Move the map";
        button.setAttribute("aria-pressed", String(on));
      });
      return button;
    };
    control.addTo(map);
  });
})();

/* Share a listing: the phone's own share sheet where there is one; the link is on the page
 * either way. */
(function () {
  "use strict";
  var share = document.getElementById("share-listing");
  if (!share || !navigator.share) return;
  share.addEventListener("click", function (event) {
    event.preventDefault();
    navigator.share({ title: document.title, url: share.href }).catch(function () {});
  });
})();
