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
