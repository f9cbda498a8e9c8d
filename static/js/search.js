// The header's search box suggests page titles while you type (GET /api/v1/search/titles).
// A <datalist>: the browser shows and selects the suggestions; picking one searches for it.
(function () {
  "use strict";
  var box = document.getElementById("q");
  var list = document.getElementById("title-suggestions");
  if (!box || !list || !window.iz) { return; }
  var timer = null;
  var asked = "";

  function fill(results) {
    list.textContent = "";
    results.forEach(function (page) {
      var option = document.createElement("option");
      option.value = page.title;
      option.label = page.zone;
      list.appendChild(option);
    });
  }

  box.addEventListener("input", function () {
    var text = box.value.trim();
    clearTimeout(timer);
    if (text.length < 2 || text.indexOf(":") >= 0) { fill([]); return; }
    timer = setTimeout(function () {
      asked = text;
      window.iz.fetchJSON("/api/v1/search/titles?limit=8&q=" + encodeURIComponent(text))
        .then(function (data) { if (asked === text) { fill(data.results); } })
        .catch(function () { fill([]); });
    }, 150);
  });
})();
