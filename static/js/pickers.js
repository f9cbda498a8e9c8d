// Pickers: suggest people or zones while a name is typed, and find content to add to a topic.
// People fields (data-picker="people") get a <datalist> of matching usernames; with
// data-multiple the suggestions complete the last name of a list (commas or spaces between).
// Zone fields (data-picker="zones") get one of matching zones' short names.
// A content field (data-picker="content") lists matches as buttons; picking one fills the
// form's hidden `type` and `id` fields.
(function () {
  "use strict";
  var lists = {
    people: {
      url: "/api/v1/lookup/people?q=",
      rows: function (data) { return data.people; },
      value: function (person) { return person.username; },
      label: function (person) {
        return person.display_name + (person.department ? " · " + person.department : "");
      }
    },
    zones: {
      url: "/api/v1/lookup/zones?q=",
      rows: function (data) { return data.zones; },
      value: function (zone) { return zone.slug; },
      label: function (zone) { return zone.name; }
    }
  };

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function namePicker(input, index) {
    var kind = lists[input.getAttribute("data-picker")];
    var list = document.createElement("datalist");
    list.id = input.getAttribute("data-picker") + "-picker-" + index;
    input.setAttribute("list", list.id);
    input.parentNode.appendChild(list);
    var multiple = input.hasAttribute("data-multiple");
    input.addEventListener("input", debounce(function () {
      var parts = multiple ? input.value.split(/[,\s]+/) : [input.value];
      var typed = parts.pop().trim();
      parts = parts.filter(Boolean);
      var prefix = parts.length ? parts.join(", ") + ", " : "";
      if (typed.length < 1) { list.replaceChildren(); return; }
      window.iz.fetchJSON(kind.url + encodeURIComponent(typed)).then(function (data) {
        list.replaceChildren.apply(list, kind.rows(data).map(function (row) {
          var option = document.createElement("option");
          option.value = prefix + kind.value(row);
          option.label = kind.label(row);
          option.textContent = option.label;
          return option;
        }));
      }).catch(function () { list.replaceChildren(); });
    }, 150));
  }

  function contentPicker(input) {
    var form = input.form;
    var results = form.querySelector(".picker-results");
    var typeField = form.querySelector('input[name="type"]');
    var idField = form.querySelector('input[name="id"]');
    function pick(found) {
      typeField.value = found.type;
      idField.value = found.id;
      input.value = found.title;
      results.replaceChildren();
    }
    input.addEventListener("input", debounce(function () {
      typeField.value = "";
      idField.value = "";
      var typed = input.value.trim();
      if (!typed) { results.replaceChildren(); return; }
      window.iz.fetchJSON(form.getAttribute("data-lookup") + "?q=" + encodeURIComponent(typed)).then(function (data) {
        if (!data.results.length) {
          var none = document.createElement("li");
          none.className = "muted";
          none.textContent = form.getAttribute("data-empty");
          results.replaceChildren(none);
          return;
        }
        results.replaceChildren.apply(results, data.results.map(function (found) {
          var item = document.createElement("li");
          var button = document.createElement("button");
          button.type = "button";
          button.className = "link picker-result";
          button.setAttribute("data-type", found.type);
          button.textContent = found.title;
          var where = document.createElement("span");
          where.className = "muted";
          // the kind as the search page names it, in the reader's language (the API's type is a code)
          where.textContent = " " + (form.getAttribute("data-t-" + found.type) || found.type) + " · " + found.zone;
          button.appendChild(where);
          button.addEventListener("click", function () { pick(found); });
          item.appendChild(button);
          return item;
        }));
      }).catch(function () { results.replaceChildren(); });
    }, 150));
  }

  document.querySelectorAll('[data-picker="people"], [data-picker="zones"]').forEach(namePicker);
  document.querySelectorAll('[data-picker="content"]').forEach(contentPicker);
})();
