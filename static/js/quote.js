// Statement page: make a link to a passage without retyping it. Without JavaScript the form
// works as it is (paste the words, "Make a link"); with it, the words a reader selected in the
// text fill the form, and the finished link can be copied with one button.
(function () {
  "use strict";
  const form = document.querySelector(".quote-form");
  const text = document.getElementById("statement-text");
  if (!form || !text) {
    return;
  }
  const field = form.querySelector("textarea[name=quote]");
  const useSelection = form.querySelector(".use-selection");
  useSelection.hidden = false;
  useSelection.addEventListener("click", function () {
    const selection = window.getSelection();
    const words = selection ? selection.toString().trim() : "";
    if (words && text.contains(selection.anchorNode)) {
      field.value = words.replace(/\s+/g, " ");
      form.requestSubmit();
    } else {
      field.focus();
    }
  });
  const copy = document.querySelector(".copy-quote-link");
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", function () {
      const input = document.querySelector(copy.dataset.copy);
      navigator.clipboard.writeText(input.value).then(function () {
        copy.textContent = copy.dataset.done || "Copied";
      });
    });
  }
})();
