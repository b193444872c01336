"use strict";
(function () {
  var PAGE = 25;
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    var sort = cell.getAttribute("data-sort");
    return sort !== null ? sort : cell.textContent.trim();
  }
  // Tables with class "paged" show PAGE rows at a time, with a pager below them.
  function pageRows(table) {
    return Array.prototype.filter.call(table.tBodies[0].rows, function (row) {
      return !row.classList.contains("filtered");
    });
  }
  function showPage(table, page) {
    var rows = pageRows(table);
    var pages = Math.max(1, Math.ceil(rows.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    table.setAttribute("data-page", String(page));
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) { row.hidden = true; });
    rows.forEach(function (row, i) {
      row.hidden = Math.floor(i / PAGE) !== page;
    });
    var pager = table.nextElementSibling;
    if (pager && pager.classList.contains("pager")) {
      pager.hidden = pages < 2;
      pager.querySelector("span").textContent =
        "rows " + (page * PAGE + 1) + "–" + Math.min(rows.length, (page + 1) * PAGE) +
        " of " + rows.length;
    }
  }
  function makePager(table) {
    var pager = document.createElement("div");
    pager.className = "pager";
    var back = document.createElement("button");
    back.type = "button";
    back.textContent = "◀ previous";
    var next = document.createElement("button");
    next.type = "button";
    next.textContent = "next ▶";
    var label = document.createElement("span");
    pager.appendChild(back);
    pager.appendChild(label);
    pager.appendChild(next);
    back.addEventListener("click", function () {
      showPage(table, Number(table.getAttribute("data-page")) - 1);
    });
    next.addEventListener("click", function () {
      showPage(table, Number(table.getAttribute("data-page")) + 1);
    });
    table.parentNode.insertBefore(pager, table.nextSibling);
  }
  function sortTable(table, index, header) {
    var body = table.tBodies[0];
    if (!body) { return; }
    var rows = Array.prototype.slice.call(body.rows);
    var numeric = header.classList.contains("num");
    var descending = header.getAttribute("data-order") !== "desc";
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var cmp = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
      return descending ? -cmp : cmp;
    });
    header.setAttribute("data-order", descending ? "desc" : "asc");
    rows.forEach(function (row) { body.appendChild(row); });
    if (table.classList.contains("paged")) { showPage(table, 0); }
  }
  document.querySelectorAll("table").forEach(function (table) {
    if (!table.tHead) { return; }
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      header.addEventListener("click", function () { sortTable(table, index, header); });
    });
  });
  document.querySelectorAll("table.paged").forEach(function (table) {
    if (!table.tBodies[0] || table.tBodies[0].rows.length <= PAGE) { return; }
    makePager(table);
    showPage(table, 0);
  });
  document.querySelectorAll("input.filter").forEach(function (input) {
    var table = document.getElementById(input.getAttribute("data-table"));
    if (!table || !table.tBodies[0]) { return; }
    input.addEventListener("input", function () {
      var needle = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var out = needle !== "" && row.textContent.toLowerCase().indexOf(needle) < 0;
        row.classList.toggle("filtered", out);
        row.hidden = out;
      });
      if (table.classList.contains("paged") && table.getAttribute("data-page") !== null) {
        showPage(table, 0);
      }
    });
  });
  // A link to a row (a citation [E3]) opens the collapsed section and the page holding it.
  function reveal(id) {
    var target = id ? document.getElementById(id) : null;
    if (!target) { return; }
    for (var node = target.parentNode; node; node = node.parentNode) {
      if (node.tagName === "DETAILS") { node.open = true; }
    }
    var table = target.closest("table.paged");
    if (table && target.tagName === "TR" && table.getAttribute("data-page") !== null) {
      var index = pageRows(table).indexOf(target);
      if (index >= 0) { showPage(table, Math.floor(index / PAGE)); }
    }
    target.classList.add("target");
    target.scrollIntoView({ block: "center" });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href^='#']") : null;
    if (!link) { return; }
    event.preventDefault();
    var id = decodeURIComponent(link.getAttribute("href").slice(1));
    if (history.replaceState) { history.replaceState(null, "", "#" + id); }
    reveal(id);
  });
  if (location.hash) { reveal(decodeURIComponent(location.hash.slice(1))); }
})();
