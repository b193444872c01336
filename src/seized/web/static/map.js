// The map of targets by country, drawn offline: Natural Earth outlines (world-atlas, vendored)
// in an equirectangular projection, filled by the number of targets from /api/map.
"use strict";
(function () {
  const svg = document.getElementById("map");
  const table = document.querySelector("#map-table tbody");
  if (!svg || typeof topojson === "undefined") return;
  const NS = "http://www.w3.org/2000/svg";
  function project(p) { return [(p[0] + 180) * 960 / 360, (90 - p[1]) * 480 / 180]; }
  function ring(points) {
    // a ring that crosses the 180th meridian (Russia, Fiji) goes on past the map's edge,
    // where the SVG clips it, instead of being drawn back across the whole map
    let shift = 0;
    return points.map(function (p, i) {
      const step = i ? p[0] - points[i - 1][0] : 0;
      if (step > 180) shift -= 360; else if (step < -180) shift += 360;
      const xy = project([p[0] + shift, p[1]]);
      return (i ? "L" : "M") + xy[0].toFixed(1) + "," + xy[1].toFixed(1);
    }).join("") + "Z";
  }
  function pathOf(geometry) {
    if (!geometry) return "";
    const polys = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    return polys.map(function (poly) { return poly.map(ring).join(""); }).join("");
  }
  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status); return r.json(); });
  }
  Promise.all([json("/static/vendor/countries-110m.json"), json("/api/map")]).then(function (got) {
    const world = got[0], data = got[1];
    const counts = {};
    let top = 1;
    for (const c of data.countries) { counts[c.country] = c; top = Math.max(top, c.targets); }
    const features = topojson.feature(world, world.objects.countries).features;
    for (const f of features) {
      const code = data.outlines[String(f.id)];
      const path = document.createElementNS(NS, "path");
      path.setAttribute("d", pathOf(f.geometry));
      const found = code && counts[code];
      if (found) path.setAttribute("class", "t" + Math.max(1, Math.ceil(5 * found.targets / top)));
      const title = document.createElementNS(NS, "title");
      title.textContent = (f.properties && f.properties.name || "") +
        (found ? ": " + found.targets + " targets" : "");
      path.appendChild(title);
      svg.appendChild(path);
    }
    for (const c of data.countries) {
      const row = document.createElement("tr");
      for (const v of [c.country, c.targets, c.vendors, ((c.revenue_sats || 0) / 1e8).toFixed(2) + " BTC"]) {
        const cell = document.createElement("td"); cell.textContent = String(v); row.appendChild(cell);
      }
      table.appendChild(row);
    }
    svg.setAttribute("data-drawn", String(features.length));
  });
})();
