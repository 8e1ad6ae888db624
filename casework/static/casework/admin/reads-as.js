// "Reads as" beside every EDTF date field of the Casework admin, updated as the editor
// types: how the date will read on the site, or the one-line error with its suggestion.
(function () {
  "use strict";
  const endpoint = document.currentScript.dataset.endpoint;
  let timer = null;

  function hintFor(input) {
    let hint = input.parentNode.querySelector(".edtf-reads-as");
    if (!hint) {
      hint = document.createElement("div");
      hint.className = "help edtf-reads-as";
      hint.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", hint);
    }
    return hint;
  }

  function update(input) {
    const value = input.value.trim();
    const hint = hintFor(input);
    if (!value) {
      hint.textContent = "";
      return;
    }
    fetch(endpoint + "?value=" + encodeURIComponent(value), { credentials: "same-origin" })
      .then((response) => response.json())
      .then((answer) => {
        if (input.value.trim() !== value) return;
        hint.textContent = answer.error || answer.reads_as;
        hint.classList.toggle("errornote", Boolean(answer.error));
      })
      .catch(() => {});
  }

  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !/(^|-)date$/.test(input.name)) return;
    clearTimeout(timer);
    timer = setTimeout(() => update(input), 250);
  });
})();
