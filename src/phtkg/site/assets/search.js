/* Search the terms of the site by label or synonym, ignoring case.
   The index is window.PHTKG_SEARCH (assets/search-index.js); links in it are relative to
   the site root, which each page gives in <body data-root>. No request leaves the page. */
(function () {
  "use strict";

  var MAX_RESULTS = 20;
  var box = document.getElementById("search-box");
  var list = document.getElementById("search-results");
  if (!box || !list) { return; }
  var index = window.PHTKG_SEARCH || [];
  var root = document.body.getAttribute("data-root") || "";

  function normal(text) {
    return String(text).toLocaleLowerCase();
  }

  /* Rank: label starts with the text, label contains it, a synonym contains it. */
  function find(text) {
    var needle = normal(text.trim());
    if (!needle) { return []; }
    var found = [];
    index.forEach(function (entry) {
      var label = normal(entry.label);
      var rank = -1;
      var matched = "";
      if (label.indexOf(needle) === 0) {
        rank = 0;
      } else if (label.indexOf(needle) > 0) {
        rank = 1;
      } else {
        for (var i = 0; i < entry.synonyms.length; i += 1) {
          if (normal(entry.synonyms[i]).indexOf(needle) >= 0) {
            rank = 2;
            matched = entry.synonyms[i];
            break;
          }
        }
      }
      if (rank >= 0) { found.push({ entry: entry, rank: rank, matched: matched }); }
    });
    found.sort(function (a, b) {
      if (a.rank !== b.rank) { return a.rank - b.rank; }
      if (a.entry.label.length !== b.entry.label.length) {
        return a.entry.label.length - b.entry.label.length;
      }
      return normal(a.entry.label) < normal(b.entry.label) ? -1 : 1;
    });
    return found;
  }

  function item(hit) {
    var li = document.createElement("li");
    var link = document.createElement("a");
    link.href = root + hit.entry.url;
    link.className = "result-link";
    link.textContent = hit.entry.label;
    li.appendChild(link);
    if (hit.matched) {
      var also = document.createElement("span");
      also.className = "result-synonym";
      also.textContent = "also called “" + hit.matched + "”";
      li.appendChild(also);
    }
    if (hit.entry.category) {
      var category = document.createElement("span");
      category.className = "result-category";
      category.textContent = hit.entry.category;
      li.appendChild(category);
    }
    return li;
  }

  function show() {
    var hits = find(box.value);
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!box.value.trim()) {
      list.hidden = true;
      box.setAttribute("aria-expanded", "false");
      return;
    }
    hits.slice(0, MAX_RESULTS).forEach(function (hit) { list.appendChild(item(hit)); });
    if (!hits.length) {
      var none = document.createElement("li");
      none.className = "result-none";
      none.textContent = "No term or synonym contains “" + box.value.trim() + "”.";
      list.appendChild(none);
    } else if (hits.length > MAX_RESULTS) {
      var more = document.createElement("li");
      more.className = "result-more";
      more.textContent = (hits.length - MAX_RESULTS) + " more: type more letters to narrow.";
      list.appendChild(more);
    }
    list.hidden = false;
    box.setAttribute("aria-expanded", "true");
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  box.addEventListener("input", show);
  box.addEventListener("focus", function () { if (box.value.trim()) { show(); } });
  box.addEventListener("keydown", function (event) {
    var all = links();
    if (event.key === "Enter" && all.length) {
      event.preventDefault();
      window.location.href = all[0].href;
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[0].focus();
    } else if (event.key === "Escape") {
      box.value = "";
      show();
    }
  });
  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < all.length - 1) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at > 0) { all[at - 1].focus(); } else { box.focus(); }
    } else if (event.key === "Escape") {
      box.focus();
      list.hidden = true;
    }
  });
  document.addEventListener("click", function (event) {
    if (!list.contains(event.target) && event.target !== box) { list.hidden = true; }
  });
}());
