// Shared page behaviour: the phone menu, and the CSRF header for fetch() writes.
(function () {
  "use strict";
  // A button with data-toggle="id" opens and closes that element (menu, drawers); every button
  // for the same target keeps aria-expanded in step, and Escape closes whatever is open.
  function toggle(id, open) {
    var target = document.getElementById(id);
    open = target.classList.toggle("open", open);
    document.querySelectorAll('[data-toggle="' + id + '"]').forEach(function (button) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
    return open;
  }
  document.querySelectorAll("[data-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      var id = button.getAttribute("data-toggle");
      if (toggle(id) && button.closest("#" + id) === null) {
        var focusable = document.getElementById(id).querySelector("button, a, input");
        if (focusable && focusable.offsetParent !== null && button.classList.contains("drawer-toggle")) { focusable.focus(); }
      }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll(".open[id]").forEach(function (element) {
      if (document.querySelector('[data-toggle="' + element.id + '"]')) { toggle(element.id, false); }
    });
  });
  // Forms the server validates answer in the user's language, tied to the field: no browser
  // bubbles in the browser's language for them. A form with a prefix names its token
  // "<prefix>-csrf_token" (the profile's password form: "password-csrf_token").
  document.querySelectorAll("form").forEach(function (form) {
    if (form.querySelector('input[name$="csrf_token"]')) { form.noValidate = true; }
  });
  // A form with data-confirm asks before it is sent (deleting a topic, for instance); asked on
  // the document, so forms drawn later (a post's comments, redrawn live) ask too.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-confirm]") && !window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  var meta = document.querySelector('meta[name="csrf-token"]');
  window.iz = window.iz || {};
  window.iz.csrfToken = meta ? meta.getAttribute("content") : "";
  window.iz.fetchJSON = function (url, options) {
    options = options || {};
    options.headers = Object.assign({ "Accept": "application/json" }, options.headers || {});
    if (options.body && typeof options.body !== "string") {
      options.body = JSON.stringify(options.body);
      options.headers["Content-Type"] = "application/json";
    }
    if (options.method && options.method !== "GET") {
      options.headers["X-CSRFToken"] = window.iz.csrfToken;
    }
    options.credentials = "same-origin";
    return fetch(url, options).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { var e = new Error(data.user_message || data.message || response.statusText); e.data = data; e.status = response.status; throw e; }
        return data;
      });
    });
  };
})();
