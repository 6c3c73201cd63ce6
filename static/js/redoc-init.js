// Starts Redoc on the API's documentation page (templates/api/redoc.html), from a file rather than inline
// code (the policy allows no inline script); search is off, since its worker would be a blob: script.
(function () {
  "use strict";
  var container = document.getElementById("redoc-container");
  Redoc.init(container.dataset.specUrl, { disableSearch: true }, container);
})();
