// Reaction buttons without a page reload: the forms still work without JavaScript.
(function () {
  "use strict";
  function render(bar, summary) {
    var byName = {};
    summary.forEach(function (r) { byName[r.name] = r; });
    bar.querySelectorAll("button.reaction").forEach(function (button) {
      var r = byName[button.getAttribute("data-name")];
      button.querySelector(".count").textContent = r ? String(r.count) : "";
      button.classList.toggle("mine", Boolean(r && r.mine));
      button.classList.toggle("unused", !r);
      button.setAttribute("aria-pressed", r && r.mine ? "true" : "false");
      button.title = r ? r.display_names.join(", ") : button.getAttribute("data-label");
      button.setAttribute("aria-label", button.getAttribute("data-label") + (r ? " (" + r.count + ")" : ""));
      button.form.querySelector('input[name="on"]').value = r && r.mine ? "0" : "1";
    });
    var who = bar.querySelector(".reactors");
    who.textContent = "";
    summary.forEach(function (r) {
      var span = document.createElement("span");
      span.textContent = r.emoji + " " + r.display_names.join(", ") + " ";
      who.appendChild(span);
    });
  }

  document.querySelectorAll(".reactions").forEach(function (bar) {
    bar.addEventListener("submit", function (event) {
      var form = event.target;
      var button = form.querySelector("button.reaction");
      if (!button) { return; }
      event.preventDefault();
      var on = form.querySelector('input[name="on"]').value === "1";
      var url = "/api/v1/" + bar.getAttribute("data-kind") + "/" + bar.getAttribute("data-id") +
        "/reactions/" + encodeURIComponent(button.getAttribute("data-name"));
      button.disabled = true;
      window.iz.fetchJSON(url, { method: on ? "PUT" : "DELETE" })
        .then(function (data) { render(bar, data.reactions); })
        .catch(function () { form.submit(); })
        .then(function () { button.disabled = false; });
    });
  });
})();
