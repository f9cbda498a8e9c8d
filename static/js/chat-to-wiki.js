// "Save to wiki": pick the first and last message of a stretch; the server turns it into a page.
(function () {
  "use strict";
  var form = document.getElementById("to-wiki");
  var list = document.getElementById("messages");
  if (!form || !list) { return; }
  var start = document.getElementById("to-wiki-start");
  var hint = document.getElementById("to-wiki-hint");
  var submit = document.getElementById("to-wiki-submit");
  var cancel = document.getElementById("to-wiki-cancel");
  var fromInput = document.getElementById("to-wiki-from");
  var toInput = document.getElementById("to-wiki-to");
  var picked = [];

  function messageIds() {
    return Array.prototype.map.call(list.querySelectorAll("li[data-id]"), function (li) {
      return parseInt(li.dataset.id, 10);
    }).filter(function (id) { return id < Number.MAX_SAFE_INTEGER; });
  }

  function highlight() {
    var low = Math.min.apply(null, picked), high = Math.max.apply(null, picked);
    var count = 0;
    list.querySelectorAll("li[data-id]").forEach(function (li) {
      var id = parseInt(li.dataset.id, 10);
      var inside = picked.length > 0 && id >= low && id <= high;
      li.classList.toggle("picked", inside);
      if (inside) { count += 1; }
    });
    submit.disabled = picked.length === 0;
    if (picked.length > 0) {  // one click picks one message; a second click ends the stretch
      fromInput.value = low;
      toInput.value = high;
      submit.textContent = form.dataset.tCount.replace("{count}", count);
    }
  }

  function setMode(on) {
    list.classList.toggle("picking", on);
    hint.hidden = !on;
    submit.hidden = !on;
    cancel.hidden = !on;
    start.hidden = on;
    picked = [];
    highlight();
  }

  start.addEventListener("click", function () { setMode(true); });
  cancel.addEventListener("click", function () { setMode(false); });
  list.addEventListener("click", function (event) {
    if (!list.classList.contains("picking") || event.target.closest(".chat-actions")) { return; }
    var li = event.target.closest("li[data-id]");
    if (!li || messageIds().indexOf(parseInt(li.dataset.id, 10)) < 0) { return; }
    picked = picked.length === 2 ? [] : picked;
    picked.push(parseInt(li.dataset.id, 10));
    highlight();
  });
})();
