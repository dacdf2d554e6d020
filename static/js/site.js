// Small improvements on top of pages that work without it.
(function () {
  "use strict";
  // A form that came back with errors: move to its summary so that screen readers hear it.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary) { summary.focus(); }
  });
})();
