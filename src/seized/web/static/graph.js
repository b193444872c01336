// The link graph: Cytoscape.js, expanded node by node from /api/graph. Labels are drawn on a
// canvas as text; nothing from the case becomes HTML.
"use strict";
(function () {
  const box = document.getElementById("graph");
  const status = document.getElementById("graph-status");
  if (!box || typeof cytoscape !== "function") return;
  const pages = { person: "persons", account: "accounts", address: "addresses",
    cluster: "clusters", exchange: "exchanges" };
  const colours = { person: "#b45309", account: "#0b5cad", key: "#7c3aed", address: "#047857",
    cluster: "#0e7490", exchange: "#be123c", hidden: "#9ca3af" };
  const cy = cytoscape({
    container: box,
    style: [
      { selector: "node", style: { label: "data(short)", "font-size": 9, width: 18, height: 18,
        "background-color": "data(colour)", "text-valign": "bottom", "text-margin-y": 3 } },
      { selector: "node[?expanded]", style: { "border-width": 2, "border-color": "#111" } },
      { selector: "edge", style: { width: 1, "line-color": "#9ca3af", label: "data(label)",
        "font-size": 7, color: "#6b7280", "curve-style": "bezier" } },
    ],
    wheelSensitivity: 0.3,
  });
  window.__graph = cy;
  function add(data) {
    const added = [];
    for (const n of data.nodes) {
      if (cy.getElementById(n.id).length) continue;
      const label = String(n.label);
      added.push({ group: "nodes", data: { id: n.id, kind: n.kind, label: label,
        short: label.length > 24 ? label.slice(0, 22) + "…" : label,
        colour: colours[n.kind] || "#6b7280" } });
    }
    for (const e of data.edges) {
      const pair = [e.source, e.target].sort();
      const id = pair[0] + "\u0000" + pair[1];
      if (cy.getElementById(id).length) continue;
      added.push({ group: "edges", data: { id: id, source: e.source, target: e.target,
        label: e.label } });
    }
    cy.add(added);
    cy.layout({ name: "cose", animate: false, randomize: false }).run();
    status.textContent = cy.nodes().length + " nodes, " + cy.edges().length + " edges";
  }
  function expand(id) {
    return fetch("/api/graph?depth=1&node=" + encodeURIComponent(id),
      { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); })
      .then(function (data) { add(data); cy.getElementById(id).data("expanded", true); })
      .catch(function (err) { status.textContent = "could not expand: " + err.message; });
  }
  cy.on("tap", "node", function (evt) {
    const n = evt.target;
    if (n.data("kind") !== "hidden" && !n.data("expanded")) expand(n.id());
  });
  cy.on("dbltap", "node", function (evt) {
    const n = evt.target;
    const page = pages[n.data("kind")];
    if (!page) return;
    const value = n.id().slice(n.data("kind").length + 1);
    window.location.assign("/" + page + "/" + encodeURIComponent(value));
  });
  expand(box.dataset.node);
})();
