// One chat room: live messages over Socket.IO (/chat), catch-up with `sync` on every
// reconnect and whenever the per-room sequence shows a gap, older history through the API.
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root || !window.io) { return; }
  var roomId = parseInt(root.dataset.roomId, 10);
  var me = root.dataset.username;
  var t = root.dataset;
  var list = document.getElementById("messages");
  var log = document.getElementById("chat-log");
  var status = document.getElementById("chat-status");
  var form = document.getElementById("composer");
  var input = document.getElementById("chat-body");
  var errorBox = document.getElementById("chat-error");
  var byId = {};            // message id -> <li>
  var lastId = 0, lastChange = null, lastSeq = 0, oldestId = null;
  var syncing = false, joined = false, noOlder = false, loadingOlder = false;
  var pending = {};         // client_msg_id -> body, until the server has stored it
  var queue = [];           // those client_msg_ids, oldest first
  // The one send waiting for its ack: messages go one at a time, because the server handles each
  // event on its own and stores whichever wins the write first ("ja", "klopt" could swap).
  var inFlight = null;
  var editing = null;
  var typingName = null, typingTimer = null;

  function clearTyping() {
    clearTimeout(typingTimer);
    typingName = null;
    var box = document.getElementById("typing");
    box.textContent = "";
    box.title = "";
  }

  // With an on-screen keyboard open, the layout viewport can stay taller than what is visible:
  // size the screen to the visual viewport so the composer stays above the keyboard.
  if (window.visualViewport) {
    var fit = function () {
      document.documentElement.style.setProperty("--vvh", window.visualViewport.height + "px");
    };
    window.visualViewport.addEventListener("resize", fit);
    fit();
  }

  var socket = io("/chat", { transports: ["websocket", "polling"] });

  function newId() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID()
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function showError(message) {
    if (!errorBox) { return; }
    errorBox.textContent = message || "";
    errorBox.hidden = !message;
  }

  function atBottom() { return log.scrollHeight - log.scrollTop - log.clientHeight < 60; }

  function render(m) {
    var li = byId[m.id] || document.createElement("li");
    li.className = "chat-message" + (m.author === me ? " mine" : "") + (m.deleted ? " deleted" : "");
    li.id = "m" + m.id;
    li.dataset.id = m.id;
    li.dataset.seq = m.seq;
    li.textContent = "";
    var head = document.createElement("div");
    head.className = "chat-meta";
    var who = document.createElement("strong");
    who.textContent = m.author_display_name || m.author || "?";
    who.title = "@" + m.author;
    var when = document.createElement("time");
    when.dateTime = m.created_at;
    when.textContent = new Date(m.created_at).toLocaleString(document.documentElement.lang || [], { hour: "2-digit", minute: "2-digit", day: "numeric", month: "short" });
    head.append(who, " ", when);
    if (m.edited_at && !m.deleted) { head.append(" (" + t.tEdited + ")"); }
    var body = document.createElement("div");
    body.className = "chat-body";
    if (m.deleted) { body.textContent = t.tDeleted; } else { body.innerHTML = m.html; } // sanitised server-side
    li.append(head, body);
    var menu = actions(m, body);
    if (menu) { head.append(menu); }
    return li;
  }

  // The message's actions (ask it as a question, edit, delete) sit behind one named button, so
  // the header stays one short line on a phone. A disclosure: Enter/Space opens it and focuses
  // the first action, Escape or a click elsewhere closes it.
  function actions(m, body) {
    if (m.deleted) { return null; }
    var items = [];
    if (t.questionUrl) { // "Make it a question": the asking form, filled from this message
      var ask = document.createElement("a");
      ask.className = "chat-question";
      ask.textContent = t.tQuestion;
      ask.href = t.questionUrl + "&source_id=" + m.id + "&title=" + encodeURIComponent(body.textContent.trim().slice(0, 200));
      items.push(ask);
    }
    if (m.author === me && form) {
      var edit = document.createElement("button");
      edit.type = "button"; edit.className = "chat-edit"; edit.textContent = t.tEdit;
      edit.addEventListener("click", function () { closeMenus(); startEdit(m); });
      var del = document.createElement("button");
      del.type = "button"; del.className = "danger chat-delete"; del.textContent = t.tDelete;
      del.addEventListener("click", function () { closeMenus(); remove(m); });
      items.push(edit, del);
    }
    if (!items.length) { return null; }
    var wrap = document.createElement("div");
    wrap.className = "chat-actions";
    var toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "chat-actions-toggle";
    toggle.textContent = "⋯";
    toggle.setAttribute("aria-label", t.tActions);
    toggle.setAttribute("aria-expanded", "false");
    toggle.setAttribute("aria-controls", "actions-" + m.id);
    var box = document.createElement("div");
    box.className = "chat-actions-menu";
    box.id = "actions-" + m.id;
    box.hidden = true;
    items.forEach(function (item) { box.append(item); });
    toggle.addEventListener("click", function () {
      var open = box.hidden;
      closeMenus();
      if (open) {
        box.hidden = false;
        toggle.setAttribute("aria-expanded", "true");
        box.scrollIntoView({ block: "nearest" }); // the last message's menu too, inside the list
        items[0].focus();
      }
    });
    wrap.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !box.hidden) { e.stopPropagation(); closeMenus(); toggle.focus(); }
    });
    wrap.append(toggle, box);
    return wrap;
  }

  function closeMenus() {
    list.querySelectorAll(".chat-actions-menu:not([hidden])").forEach(function (box) {
      box.hidden = true;
      box.previousElementSibling.setAttribute("aria-expanded", "false");
    });
  }

  document.addEventListener("click", function (e) {
    if (!e.target.closest || !e.target.closest(".chat-actions")) { closeMenus(); }
  });

  function place(li, m) {
    if (li.parentNode) { return; }
    var after = null;
    for (var node = list.lastElementChild; node; node = node.previousElementSibling) {
      if (parseInt(node.dataset.id, 10) < m.id) { after = node; break; }
    }
    if (after) { after.after(li); } else { list.prepend(li); }
  }

  function upsert(m) {
    if (m.room_id !== roomId) { return; }
    var stick = atBottom();
    var li = render(m);
    byId[m.id] = li;
    place(li, m);
    var local = document.querySelector('[data-client-id="' + m.client_msg_id + '"]');
    if (m.author === me && local) { local.remove(); }
    if (m.author === me) { forget(m.client_msg_id); }
    if (m.id > lastId) { lastId = m.id; }
    if (m.seq > lastSeq) { lastSeq = m.seq; }
    if (lastChange !== null && m.change > lastChange && !syncing) { lastChange = m.change; }
    if (oldestId === null || m.id < oldestId) { oldestId = m.id; }
    if (stick) { log.scrollTop = log.scrollHeight; }
  }

  function onLive(m) {
    if (m.room_id !== roomId) { return; }
    if (m.seq > lastSeq + 1 || (lastChange !== null && m.change > lastChange + 1)) {
      sync(); // a broadcast went missing: fetch everything since what we have
      return;
    }
    upsert(m);
    if (typingName === m.author) { clearTyping(); } // their message arrived: no longer typing
    markRead();
  }

  function sync() {
    if (syncing || !joined) { return; }
    syncing = true;
    socket.timeout(15000).emit("sync", { room_id: roomId, after_id: lastId, after_change: lastChange },
      function (err, res) {
        syncing = false;
        if (err || !res.ok) { return; }
        res.messages.forEach(upsert);
        lastId = Math.max(lastId, res.after_id);
        lastChange = res.after_change;
        if (res.has_more) { sync(); } else { flushPending(); markRead(); }
      });
  }

  function join() {
    // A reconnect syncs what it missed, so it asks for no history: after a server restart every
    // open page joins again at once, and each would be sent the 50 latest messages (~30 KB).
    var asked = joined ? { room_id: roomId, history: 0 } : roomId;
    socket.timeout(15000).emit("join", asked, function (err, res) {
      if (err || !res.ok) { status.textContent = (res && res.message) || t.tOffline; return; }
      status.textContent = t.tConnected;
      showPresence(res.people || res.online);
      var first = !joined;
      joined = true;
      if (first) {
        res.history.forEach(upsert);
        lastChange = res.room.last_change;
        noOlder = res.history.length < 50;
        log.scrollTop = log.scrollHeight;
        flushPending();
        markRead();
      } else {
        sync(); // every reconnect: whatever happened while we were away, edits and deletions too
      }
    });
  }

  function showPresence(people) {
    var ul = document.getElementById("presence");
    ul.textContent = "";
    people.forEach(function (person) {
      var li = document.createElement("li");
      if (typeof person === "string") { person = { username: person, display_name: person }; }
      li.textContent = person.display_name;
      li.title = "@" + person.username;
      ul.append(li);
    });
    document.getElementById("presence-count").textContent = people.length;
  }

  function forget(clientId) {
    delete pending[clientId];
    var at = queue.indexOf(clientId);
    if (at >= 0) { queue.splice(at, 1); }
  }

  // Sends the oldest unsent message unless one is on its way; each ack sends the next.
  function pump() {
    if (inFlight || !queue.length || !socket.connected || !joined) { return; }
    var clientId = queue[0], attempt = inFlight = {};
    socket.timeout(15000).emit("send", { room_id: roomId, body: pending[clientId], client_msg_id: clientId }, function (err, res) {
      if (inFlight !== attempt) { return; } // a reconnect started over; the sync settles it
      inFlight = null;
      if (err) { return; } // not acknowledged: kept, resent after the next (re)connect or send
      if (res.ok) {
        upsert(res.message);
      } else if (res.error === "rate_limited") {
        inFlight = attempt; // nothing overtakes it while it waits
        setTimeout(function () {
          if (inFlight === attempt) { inFlight = null; pump(); }
        }, Math.ceil(res.retry_after * 1000));
        return;
      } else {
        forget(clientId);
        var local = document.querySelector('[data-client-id="' + clientId + '"]');
        if (local) { local.remove(); }
        showError(res.message);
      }
      pump();
    });
  }

  function flushPending() {
    inFlight = null;
    pump();
  }

  function send(body) {
    var clientId = newId();
    pending[clientId] = body;
    queue.push(clientId);
    var li = document.createElement("li");
    li.className = "chat-message mine pending";
    li.dataset.clientId = clientId;
    li.dataset.id = Number.MAX_SAFE_INTEGER;
    li.textContent = body;
    list.append(li);
    log.scrollTop = log.scrollHeight;
    pump();
  }

  function startEdit(m) {
    editing = m.id;
    input.value = m.body;
    input.focus();
    document.getElementById("chat-send").textContent = t.tSave;
  }

  function remove(m) {
    if (!window.confirm(t.tConfirmDelete)) { return; }
    socket.emit("delete", { message_id: m.id }, function (res) {
      if (res.ok) { upsert(res.message); } else { showError(res.message); }
    });
  }

  var readTimer = null;
  function markRead() {
    if (document.hidden || readTimer) { return; }
    readTimer = setTimeout(function () {
      readTimer = null;
      socket.emit("read", { room_id: roomId, seq: lastSeq }, function () {});
    }, 500);
  }

  function loadOlder() {
    if (noOlder || loadingOlder || oldestId === null) { return; }
    loadingOlder = true;
    document.getElementById("chat-older").hidden = false;
    var height = log.scrollHeight;
    window.iz.fetchJSON(t.api + "?before=" + oldestId + "&limit=50").then(function (data) {
      data.messages.forEach(upsert);
      noOlder = data.messages.length < 50;
      log.scrollTop += log.scrollHeight - height; // keep what the reader was looking at in place
    }).finally(function () {
      loadingOlder = false;
      document.getElementById("chat-older").hidden = true;
    });
  }

  socket.on("connect", join);
  socket.on("disconnect", function () { status.textContent = t.tOffline; });
  // The browser knows at once that the network went; the server's pings would tell the socket only
  // after up to 45 s. Closing the transport now shows "Offline" and starts the reconnecting (which
  // syncs) that brings the room back as soon as the network is.
  window.addEventListener("offline", function () {
    if (socket.connected) { socket.io.engine.close(); }
  });
  socket.on("message", onLive);
  socket.on("message_edited", onLive);
  socket.on("message_deleted", onLive);
  socket.on("access_revoked", function (p) {
    if (p.room_id !== roomId) { return; }
    socket.disconnect(); // the server took us out of the room: no reconnecting into a refusal
    status.textContent = t.tRevoked;
    if (form) { form.hidden = true; }
    var toWiki = document.getElementById("to-wiki");
    if (toWiki) { toWiki.hidden = true; }
    showPresence([]); // nobody is "online" in a room one can no longer see
    document.getElementById("presence-count").textContent = "";
    clearTyping();
  });
  // A curator renamed the room or changed what it is for: the page says so without a reload.
  socket.on("room_changed", function (p) {
    if (p.room_id !== roomId) { return; }
    var title = document.getElementById("room-title");
    document.title = document.title.replace(title.textContent, p.name);
    title.textContent = p.name;
    var about = document.getElementById("room-description");
    if (about) { about.textContent = p.description || ""; about.title = p.description || ""; }
    var listed = document.querySelector('.chat-rooms a[data-room="' + roomId + '"]');
    if (listed) { listed.textContent = p.name; }
  });
  socket.on("presence", function (p) { if (p.room_id === roomId) { showPresence(p.people || p.online); } });
  socket.on("typing", function (p) {
    if (p.room_id !== roomId) { return; }
    var box = document.getElementById("typing");
    box.textContent = t.tTyping.replace("{name}", p.display_name || p.username);
    box.title = "@" + p.username;
    typingName = p.username;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(clearTyping, 4000);
  });
  log.addEventListener("scroll", function () { if (log.scrollTop < 40) { loadOlder(); } });
  document.addEventListener("visibilitychange", markRead);

  if (form) {
    var lastTyping = 0;
    input.addEventListener("input", function () {
      if (Date.now() - lastTyping > 3000 && socket.connected) {
        lastTyping = Date.now();
        socket.emit("typing", { room_id: roomId });
      }
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
    });
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = input.value.trim();
      if (!body) { return; }
      showError("");
      input.value = "";
      if (editing !== null) {
        var id = editing;
        editing = null;
        document.getElementById("chat-send").textContent = t.tSend;
        socket.emit("edit", { message_id: id, body: body }, function (res) {
          if (res.ok) { upsert(res.message); } else { showError(res.message); }
        });
        return;
      }
      send(body);
    });
  }
})();
