// Wiki pages: live preview (beside the text, or a tab on phones), a small Markdown toolbar,
// images pasted or dropped into the text become attachments, Ctrl/Cmd+S, "X is editing"
// presence, and edit links per section.
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
    function show(data) {
      var people = data.people || (data.editors || []).map(function (name) { return { username: name, display_name: name }; });
      var others = people.filter(function (person) { return person.username !== me; });
      notice.hidden = others.length === 0;
      notice.textContent = others.map(function (p) { return p.display_name; }).join(", ") + " " + notice.dataset.label;
      notice.title = others.map(function (p) { return "@" + p.username; }).join(", ");
    }
    socket.on("connect", function () {
      socket.emit("editing", { zone: form.dataset.zone, path: form.dataset.path }, function (ack) {
        if (ack && ack.ok) { me = ack.me; show(ack); }
      });
    });
    socket.on("editors", show);
    socket.on("access_revoked", function () {
      socket.disconnect(); // taken out of the page's editors: saving would be refused too
      notice.hidden = false;
      notice.textContent = notice.dataset.revoked;
    });
    form.addEventListener("submit", function () { socket.emit("stop_editing"); });
  }

  // Replace the selection with before + (selection or placeholder) + after, selecting the middle.
  function surround(textarea, before, after, placeholder) {
    var start = textarea.selectionStart, end = textarea.selectionEnd;
    var middle = textarea.value.slice(start, end) || placeholder;
    textarea.setRangeText(before + middle + after, start, end, "end");
    textarea.setSelectionRange(start + before.length, start + before.length + middle.length);
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  // Put `prefix` before every selected line (or the current one), on a line of its own.
  function prefixLines(textarea, prefix, placeholder) {
    var value = textarea.value;
    var start = value.lastIndexOf("\n", textarea.selectionStart - 1) + 1;
    var end = textarea.selectionEnd;
    var lines = (value.slice(start, end) || placeholder).split("\n");
    var text = lines.map(function (line) { return prefix + line; }).join("\n");
    textarea.setRangeText(text, start, end, "end");
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function block(textarea, text) {
    var start = textarea.selectionStart;
    var before = textarea.value.slice(0, start);
    var gap = before === "" || before.endsWith("\n\n") ? "" : (before.endsWith("\n") ? "\n" : "\n\n");
    textarea.setRangeText(gap + text + "\n", start, textarea.selectionEnd, "end");
    textarea.focus();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function toolbar(bar, textarea) {
    var t = bar.dataset;
    var actions = {
      heading: function () { prefixLines(textarea, "## ", t.tHeading); },
      bold: function () { surround(textarea, "**", "**", t.tText); },
      italic: function () { surround(textarea, "_", "_", t.tText); },
      link: function () { surround(textarea, "[", "](https://)", t.tLinkText); },
      wikilink: function () { surround(textarea, "[[", "]]", t.tPage); },
      list: function () { prefixLines(textarea, "- ", t.tItem); },
      table: function () {
        block(textarea, "| " + t.tColumn + " 1 | " + t.tColumn + " 2 |\n|---|---|\n| " + t.tCell + " | " + t.tCell + " |");
      },
      code: function () {
        var selected = textarea.value.slice(textarea.selectionStart, textarea.selectionEnd);
        if (selected.indexOf("\n") >= 0) { surround(textarea, "```\n", "\n```", ""); } else { surround(textarea, "`", "`", "code"); }
      }
    };
    bar.hidden = false;
    bar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-md]");
      if (button) { actions[button.dataset.md](); }
    });
    textarea.addEventListener("keydown", function (event) {
      if (!(event.ctrlKey || event.metaKey)) { return; }
      if (event.key === "b" || event.key === "i") {
        event.preventDefault();
        actions[event.key === "b" ? "bold" : "italic"]();
      }
    });
  }

  // Images pasted or dropped into the text are attached to the page; the text gets ![](name).
  function imageUploads(bar, textarea) {
    var status = document.getElementById("upload-status");
    var t = bar.dataset;
    function upload(file) {
      if (!t.uploadUrl) { status.textContent = t.tSaveFirst; return; }
      var name = file.name && file.name !== "image.png" ? file.name
        : "afbeelding-" + new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14) + "." + (file.type.split("/")[1] || "png");
      var data = new FormData();
      data.append("file", file, name);
      status.textContent = t.tUploading.replace("{name}", name);
      fetch(t.uploadUrl, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": window.iz.csrfToken }
      }).then(function (response) {
        return response.json().then(function (json) {
          if (!response.ok) { throw new Error(json.user_message || json.message || response.statusText); }
          return json;
        });
      }).then(function (json) {
        block(textarea, json.markdown);
        status.textContent = t.tUploaded.replace("{name}", json.filename);
      }).catch(function (error) { status.textContent = error.message; });
    }
    function images(list) {
      return Array.prototype.filter.call(list || [], function (file) { return /^image\//.test(file.type); });
    }
    textarea.addEventListener("paste", function (event) {
      var files = images(event.clipboardData && event.clipboardData.files);
      if (files.length) { event.preventDefault(); files.forEach(upload); }
    });
    textarea.addEventListener("dragover", function (event) { event.preventDefault(); });
    textarea.addEventListener("drop", function (event) {
      var files = images(event.dataTransfer && event.dataTransfer.files);
      if (files.length) { event.preventDefault(); files.forEach(upload); }
    });
  }

  // Phones: "Write" and "Preview" are tabs; wide screens show both side by side.
  function tabs(panes) {
    var list = document.querySelector(".editor-tabs");
    if (!list) { return; }
    list.hidden = false;
    panes.classList.add("tabbed");
    list.addEventListener("click", function (event) {
      var tab = event.target.closest("[role=tab]");
      if (!tab) { return; }
      var preview = tab.id === "tab-preview";
      panes.classList.toggle("show-preview", preview);
      list.querySelectorAll("[role=tab]").forEach(function (other) {
        other.setAttribute("aria-selected", other === tab ? "true" : "false");
      });
    });
  }

  sectionLinks();
  var form = document.getElementById("wiki-editor");
  if (form) {
    var textarea = form.querySelector("textarea");
    preview(form, textarea, document.getElementById("preview"));
    var bar = form.querySelector(".md-toolbar");
    if (bar) { toolbar(bar, textarea); imageUploads(bar, textarea); }
    tabs(document.getElementById("editor-panes"));
    saveShortcut(form);
    presence(form);
  }
})();
