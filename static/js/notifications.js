// The header's unread badge, kept current over Socket.IO (/chat, `notification` events).
// After every (re)connect the count is fetched again: events sent while offline are not replayed.
(function () {
  "use strict";
  var badge = document.getElementById("notif-count");
  if (!badge || typeof window.io !== "function") { return; }

  function show(count) {
    badge.textContent = String(count);
    badge.hidden = count <= 0;
  }

  function refresh() {
    window.iz.fetchJSON("/api/v1/notifications?limit=1")
      .then(function (data) { show(data.unread); })
      .catch(function () { /* keep the last known count */ });
  }

  var socket = window.io("/chat", { withCredentials: true });
  socket.on("connect", refresh);
  socket.on("notification", function (notification) {
    if (!notification.read) { show((parseInt(badge.textContent, 10) || 0) + 1); }
    document.dispatchEvent(new CustomEvent("iz:notification", { detail: notification }));
  });
  window.iz.socket = socket;  // one /chat connection per page; other features may reuse it
})();
