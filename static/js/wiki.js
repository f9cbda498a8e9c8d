// Wiki pages: live preview, Ctrl/Cmd+S, "X is editing" presence, and edit links per section.
(function () {
  "use strict";

  function sectionLinks() {
    var body = document.getElementById("wiki-body");
    if (!body || !body.dataset.editUrl) { return; }
    var headings = body.querySelectorAll("h1, h2, h3, h4, h5, h6");
    // Only when the server counted the same headings in the Markdown: else a link could edit the wrong part.
    if (headings.length !== parseInt(body.dataset.sections, 10)) { return; }
    headings.forEach(function (heading, index) {
      var link = document.createElement("a");
      link.className = "section-edit";
      link.href = body.dataset.editUrl + "?section=" + (index + 1);
      link.textContent = body.dataset.editLabel;
      heading.appendChild(document.createTextNode(" "));
      heading.appendChild(link);
    });
  }

  function preview(form, textarea, target) {
    var timer = null, sent = null;
    function update() {
      if (textarea.value === sent) { return; }
      sent = textarea.value;
      window.iz.fetchJSON(form.dataset.previewUrl, {
        method: "POST", body: { path: form.dataset.path, body: textarea.value }
      }).then(function (data) {
        target.innerHTML = data.html;  // sanitised by the server, as a saved page is
      }).catch(function (error) {
        target.textContent = error.message;
      });
    }
    textarea.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 300);
    });
    update();
  }

  function saveShortcut(form) {
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && (event.key === "s" || event.key === "S")) {
        event.preventDefault();
        form.requestSubmit ? form.requestSubmit() : form.submit();
      }
    });
  }

  function presence(form) {
    var notice = document.getElementById("editing-now");
    if (!notice || typeof io === "undefined") { return; }
    var me = null;
    var socket = io("/wiki", { transports: ["websocket", "polling"] });
    function show(editors) {
      var others = editors.filter(function (name) { return name !== me; });
      notice.hidden = others.length === 0;
      notice.textContent = others.join(", ") + " " + notice.dataset.label;
    }
    socket.on("connect", function () {
      socket.emit("editing", { zone: form.dataset.zone, path: form.dataset.path }, function (ack) {
        if (ack && ack.ok) { me = ack.me; show(ack.editors); }
      });
    });
    socket.on("editors", function (data) { show(data.editors || []); });
    socket.on("access_revoked", function () {
      socket.disconnect(); // taken out of the page's editors: saving would be refused too
      notice.hidden = false;
      notice.textContent = notice.dataset.revoked;
    });
    form.addEventListener("submit", function () { socket.emit("stop_editing"); });
  }

  sectionLinks();
  var form = document.getElementById("wiki-editor");
  if (form) {
    preview(form, form.querySelector("textarea"), document.getElementById("preview"));
    saveShortcut(form);
    presence(form);
  }
})();
