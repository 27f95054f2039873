// Browse (/events/): behaviour that htmx attributes cannot express under the CSP (no hx-on).
// - An address carries only what was asked: empty fields are left out of requests, and so of
//   the address htmx puts in the location bar (without JavaScript, the server redirects).
// - After paging, focus moves to the results' heading, where a keyboard or screen reader user
//   expects to go on reading.
(function () {
  "use strict";

  document.addEventListener("htmx:configRequest", function (event) {
    const parameters = event.detail.parameters;
    for (const [name, value] of Array.from(parameters.entries())) {
      if (value === "") {
        delete parameters[name];
      }
    }
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    const source = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (source && source.closest(".pagination")) {
      const heading = document.getElementById("results-title");
      if (heading) {
        heading.focus();
      }
    }
  });
})();
