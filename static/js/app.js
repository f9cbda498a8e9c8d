// Shared page behaviour: the phone menu, and the CSRF header for fetch() writes.
(function () {
  "use strict";
  document.querySelectorAll("[data-toggle]").forEach(function (button) {
    button.addEventListener("click", function () {
      var target = document.getElementById(button.getAttribute("data-toggle"));
      var open = target.classList.toggle("open");
      button.setAttribute("aria-expanded", open ? "true" : "false");
    });
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
        if (!response.ok) { var e = new Error(data.message || response.statusText); e.data = data; e.status = response.status; throw e; }
        return data;
      });
    });
  };
})();
