// The admin's autocomplete fields (Django's select2) draw a combobox without an accessible
// name, a search box without a label and a list holding a non-item. Name each from the field's
// own <label>, once select2 has drawn it — on load and whenever an inline row is added.
(function () {
  "use strict";

  function labelOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) {
      return label.textContent.replace(/:\s*$/, "").trim();
    }
    var header = select.closest("td") && select.closest("table").querySelector(
      "thead th.column-" + select.name.replace(/^.*-/, "")
    );
    return header ? header.textContent.trim() : select.name;
  }

  function name(select) {
    var container = select.nextElementSibling;
    if (!container || !container.classList.contains("select2")) {
      return;
    }
    var text = labelOf(select);
    container.querySelectorAll(".select2-selection, span.select2-selection__rendered").forEach(
      function (element) {
        element.removeAttribute("aria-labelledby");
        element.setAttribute("aria-label", text);
      }
    );
    container.querySelectorAll(".select2-search__field").forEach(function (field) {
      field.setAttribute("aria-label", text);
    });
    container.querySelectorAll("ul.select2-selection__rendered").forEach(function (list) {
      list.setAttribute("role", "presentation");
    });
  }

  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete").forEach(name);
  }

  window.addEventListener("load", function () {
    nameAll();
    // select2 redraws its parts on change, and inline rows are added later.
    new MutationObserver(function (changes) {
      if (changes.some(function (change) { return change.addedNodes.length; })) {
        nameAll();
      }
    }).observe(document.getElementById("content") || document.body, {
      childList: true,
      subtree: true,
    });
  });
})();
