// Reaction buttons without a page reload: the forms still work without JavaScript.
(function () {
  "use strict";
  // The summary names the first people of each reaction; the rest are shown as "+N".
  function names(r) {
    var rest = r.count - r.display_names.length;
    return r.display_names.join(", ") + (rest > 0 ? " +" + rest : "");
  }

  function render(bar, summary) {
    var byName = {};
    summary.forEach(function (r) { byName[r.name] = r; });
    bar.querySelectorAll("button.reaction").forEach(function (button) {
      var r = byName[button.getAttribute("data-name")];
      button.querySelector(".count").textContent = r ? String(r.count) : "";
      button.classList.toggle("mine", Boolean(r && r.mine));
      button.classList.toggle("unused", !r);
      button.setAttribute("aria-pressed", r && r.mine ? "true" : "false");
      button.title = r ? names(r) : button.getAttribute("data-label");
      button.setAttribute("aria-label", button.getAttribute("data-label") + (r ? " (" + r.count + ")" : ""));
      button.form.querySelector('input[name="on"]').value = r && r.mine ? "0" : "1";
    });
    var who = bar.querySelector(".reactors");
    who.textContent = "";
    summary.forEach(function (r) {
      var span = document.createElement("span");
      span.textContent = r.emoji + " " + names(r) + " ";
      who.appendChild(span);
    });
  }

  // Delegated from the document: bars replaced by a live refresh (below) keep working.
  document.addEventListener("submit", function (event) {
    var bar = event.target.closest(".reactions");
    if (!bar) { return; }
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

  // Comments and reactions of other readers appear without a reload: the server says only
  // "this post changed" (post_changed on /chat), and the page fetches itself again, so what
  // is shown is exactly what this reader may see. The comment being typed is left alone.
  var comments = document.getElementById("comments");
  var socket = window.iz && window.iz.socket;
  if (!comments || !socket) { return; }
  var postId = parseInt(comments.getAttribute("data-post-id"), 10);

  function replace(fresh, selector) {
    var now = document.querySelector(selector);
    var next = fresh.querySelector(selector);
    if (now && next && !now.contains(document.activeElement)) { now.replaceWith(next); }
  }

  function refresh() {
    fetch(window.location.pathname, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (!html) { return; }
        var fresh = new DOMParser().parseFromString(html, "text/html");
        replace(fresh, "#comments > h2");
        replace(fresh, "#comments > ol.comments");
        replace(fresh, "#post .reactions");
      })
      .catch(function () { /* the next change or a reload shows it */ });
  }

  // Refresh once the server has us in the post's channel: a change committed before that is
  // in the refreshed page, every later one arrives as post_changed. Nothing falls in between.
  function watch() {
    socket.emit("watch_post", postId, function (ack) {
      if (ack && ack.ok) { comments.setAttribute("data-live", ""); refresh(); }
    });
  }
  socket.on("connect", watch);
  if (socket.connected) { watch(); }
  socket.on("post_changed", function (event) {
    if (event && event.post_id === postId) { refresh(); }
  });
})();
