/**
 * The report's one inline script: draws the timeline chart (SVG) from the embedded counts and makes it
 * filterable (module checkboxes) and zoomable (buttons, dates, drag to select a range). It builds every node with
 * createElement/textContent — never innerHTML — so evidence text cannot become markup. No network, no storage.
 */
export const SCRIPT = `(function () {
"use strict";
var src = document.getElementById("report-data");
var chart = document.getElementById("chart");
if (!src || !chart) return;
var D = JSON.parse(src.textContent || "{}");
var DAY = 86400000, NS = "http://www.w3.org/2000/svg";
var COLORS = { CRITICAL: "#c62828", HIGH: "#c62828", MEDIUM: "#ef6c00", LOW: "#f9a825", INFORMATIONAL: "#607d8b" };
var days = (D.days || []).map(function (d) { return Date.parse(d + "T00:00:00Z"); });
var RANK = { INFORMATIONAL: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
/* The most serious pins are drawn last, on top of the others. */
var markers = (D.markers || []).map(function (m) {
  return { t: Date.parse(m[0].slice(0, 10) + "T" + (m[0].slice(11, 19) || "00:00:00") + "Z"), time: m[0], level: m[1], id: m[2], label: m[3] };
}).filter(function (m) { return !isNaN(m.t); }).sort(function (a, b) { return (RANK[a.level] || 0) - (RANK[b.level] || 0); });
var plugins = D.plugins || [], cells = D.cells || [];
var totals = plugins.map(function () { return 0; });
cells.forEach(function (c) { totals[c[1]] += c[2]; });
var on = plugins.map(function () { return true; });
var state = { from: 0, to: 0, bin: "auto", view: "focus" };
if (!days.length && !markers.length) { chart.textContent = "The evidence holds no dated events."; return; }

function el(tag, attrs, text) {
  var e = document.createElementNS(NS, tag);
  for (var k in attrs) e.setAttribute(k, String(attrs[k]));
  if (text !== undefined) e.textContent = text;
  return e;
}
function h(tag, text, attrs) {
  var e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
  return e;
}
function iso(t) { return new Date(t).toISOString().slice(0, 10); }
function fmt(n) { return n.toLocaleString("en-US"); }

function span(list) {
  var lo = Infinity, hi = -Infinity;
  list.forEach(function (t) { if (t < lo) lo = t; if (t > hi) hi = t; });
  return lo > hi ? null : [lo, hi + DAY];
}
function withMarkers(r) {
  var m = span(markers.map(function (x) { return x.t; }));
  if (!m) return r;
  if (!r) return m;
  return [Math.min(r[0], m[0]), Math.max(r[1], m[1])];
}
function pad(r) { var p = Math.max(DAY, (r[1] - r[0]) * 0.02); return [r[0] - p, r[1] + p]; }
function allRange() { return pad(withMarkers(span(days)) || [Date.now() - 30 * DAY, Date.now()]); }
/* Most events, not all: a few rows dated 1970 or 2001 (epoch defaults) would squeeze years of evidence into a
   sliver. The view spans 99% of the events (0.5% cut at each end), widened to show every finding. */
function focusRange() {
  var perDay = days.map(function () { return 0; }), total = 0;
  cells.forEach(function (c) { perDay[c[0]] += c[2]; total += c[2]; });
  if (!total) return allRange();
  var cum = 0, lo = 0, hi = days.length - 1, found = false;
  for (var i = 0; i < days.length; i++) {
    cum += perDay[i];
    if (!found && cum > total * 0.005) { lo = i; found = true; }
    if (cum >= total * 0.995) { hi = i; break; }
  }
  return pad(withMarkers([days[lo], days[hi] + DAY]));
}
function findingsRange() { var m = span(markers.map(function (x) { return x.t; })); return m ? [m[0] - 15 * DAY, m[1] + 15 * DAY] : focusRange(); }

function binOf(from, to) {
  if (state.bin !== "auto") return state.bin;
  var n = (to - from) / DAY;
  return n <= 120 ? "day" : n <= 1100 ? "week" : "month";
}
function floorBin(t, b) {
  var d = Math.floor(t / DAY) * DAY;
  if (b === "day") return d;
  if (b === "week") return d - ((new Date(d).getUTCDay() + 6) % 7) * DAY;
  var x = new Date(d); return Date.UTC(x.getUTCFullYear(), x.getUTCMonth(), 1);
}
function nextBin(t, b) {
  if (b === "day") return t + DAY;
  if (b === "week") return t + 7 * DAY;
  var x = new Date(t); return Date.UTC(x.getUTCFullYear(), x.getUTCMonth() + 1, 1);
}
function ticks(from, to) {
  var out = [], years = (to - from) / (365.25 * DAY), step, x, t;
  if (years > 3) {
    step = Math.ceil(years / 8);
    for (x = new Date(from).getUTCFullYear(); (t = Date.UTC(x, 0, 1)) <= to; x++) if (t >= from && x % step === 0) out.push([t, String(x)]);
  } else if ((to - from) / DAY > 75) {
    var months = Math.round((to - from) / (30.44 * DAY)); step = Math.ceil(months / 8);
    var s = new Date(from);
    for (x = s.getUTCFullYear() * 12 + s.getUTCMonth(); (t = Date.UTC(Math.floor(x / 12), x % 12, 1)) <= to; x++) if (t >= from && x % step === 0) out.push([t, iso(t).slice(0, 7)]);
  } else {
    step = Math.max(1, Math.ceil((to - from) / DAY / 8));
    for (t = Math.ceil(from / DAY) * DAY; t <= to; t += DAY) if (Math.round(t / DAY) % step === 0) out.push([t, iso(t).slice(5)]);
  }
  return out;
}

var svg, brush, drag = null, geom = null;
function render() {
  var from = state.from, to = state.to, b = binOf(from, to);
  var W = Math.max(280, Math.round(chart.clientWidth || 800)), H = 260, L = 52, R = 14, T = 22, B = 40;
  var x = function (t) { return L + (t - from) / (to - from) * (W - L - R); };
  var bins = new Map(), shown = 0, outside = 0;
  cells.forEach(function (c) {
    if (!on[c[1]]) return;
    var t = days[c[0]];
    if (t < from || t >= to) { outside += c[2]; return; }
    var k = floorBin(t, b); bins.set(k, (bins.get(k) || 0) + c[2]); shown += c[2];
  });
  var max = 1; bins.forEach(function (n) { if (n > max) max = n; });
  var lmax = Math.log10(1 + max);
  var y = function (n) { return T + (H - T - B) * (1 - Math.log10(1 + n) / lmax); };
  svg = el("svg", { viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "img", "aria-label": "Events per " + b + " from " + iso(from) + " to " + iso(to) });
  svg.appendChild(el("rect", { x: 0, y: 0, width: W, height: H, fill: "#fff", class: "bg" }));
  for (var g = 1; g <= max; g *= 10) {
    svg.appendChild(el("line", { x1: L, x2: W - R, y1: y(g), y2: y(g), class: "grid" }));
    svg.appendChild(el("text", { x: L - 6, y: y(g) + 5, "text-anchor": "end" }, g >= 1000 ? g / 1000 + "k" : String(g)));
  }
  bins.forEach(function (n, k) {
    var x0 = Math.max(L, x(k)), x1 = Math.min(W - R, x(nextBin(k, b)));
    var r = el("rect", { x: x0, y: y(n), width: Math.max(1, x1 - x0 - (x1 - x0 > 3 ? 1 : 0)), height: H - B - y(n), class: "bar" });
    r.appendChild(el("title", {}, iso(k) + ": " + fmt(n) + " events"));
    svg.appendChild(r);
  });
  svg.appendChild(el("line", { x1: L, x2: W - R, y1: H - B, y2: H - B, class: "axis" }));
  ticks(from, to).forEach(function (tk) {
    svg.appendChild(el("line", { x1: x(tk[0]), x2: x(tk[0]), y1: H - B, y2: H - B + 6, class: "axis" }));
    svg.appendChild(el("text", { x: x(tk[0]), y: H - B + 24, "text-anchor": "middle" }, tk[1]));
  });
  var marked = 0;
  markers.forEach(function (m) {
    if (m.t < from || m.t > to) return;
    marked++;
    var mx = x(m.t), grp = el("g", { class: "marker", tabindex: 0, role: "link", "data-id": m.id });
    grp.appendChild(el("line", { x1: mx, x2: mx, y1: T - 4, y2: H - B, stroke: COLORS[m.level] || "#607d8b", "stroke-width": 2 }));
    grp.appendChild(el("circle", { cx: mx, cy: T - 8, r: 7, fill: COLORS[m.level] || "#607d8b" }));
    grp.appendChild(el("title", {}, m.time.slice(0, 19) + " " + m.level + " " + m.label));
    svg.appendChild(grp);
  });
  brush = el("rect", { x: 0, y: T, width: 0, height: H - T - B, class: "brush" });
  svg.appendChild(brush);
  geom = { L: L, R: W - R, from: from, to: to, W: W };
  chart.textContent = "";
  chart.appendChild(svg);
  var on_n = on.filter(Boolean).length;
  document.getElementById("chart-caption").textContent =
    fmt(shown) + " events from " + on_n + " of " + plugins.length + " modules, " + iso(from) + " to " + iso(to - 1) + ", per " + b +
    " (logarithmic scale); " + marked + " of " + markers.length + " dated findings marked" +
    (outside ? "; " + fmt(outside) + " events outside this range" : "") + (D.undated ? "; " + fmt(D.undated) + " events without a date" : "") + ".";
  document.getElementById("date-from").value = iso(from);
  document.getElementById("date-to").value = iso(to - 1);
  document.querySelectorAll("[data-view]").forEach(function (bt) { bt.setAttribute("aria-pressed", String(bt.getAttribute("data-view") === state.view)); });
}
function setRange(r, view) { state.from = r[0]; state.to = Math.max(r[1], r[0] + DAY); state.view = view || ""; render(); }

function timeAt(clientX) {
  var box = svg.getBoundingClientRect(), px = (clientX - box.left) * geom.W / box.width;
  px = Math.min(geom.R, Math.max(geom.L, px));
  return { px: px, t: geom.from + (px - geom.L) / (geom.R - geom.L) * (geom.to - geom.from) };
}
chart.addEventListener("pointerdown", function (e) {
  if (!svg || e.button !== 0 || e.target.closest(".marker")) return;
  drag = timeAt(e.clientX); chart.setPointerCapture(e.pointerId);
});
chart.addEventListener("pointermove", function (e) {
  if (!drag) return;
  var p = timeAt(e.clientX);
  brush.setAttribute("x", Math.min(p.px, drag.px)); brush.setAttribute("width", Math.abs(p.px - drag.px));
});
chart.addEventListener("pointerup", function (e) {
  if (!drag) return;
  var p = timeAt(e.clientX), a = drag; drag = null;
  if (Math.abs(p.px - a.px) > 6) setRange([Math.min(a.t, p.t), Math.max(a.t, p.t)]);
  else brush.setAttribute("width", 0);
});
function go(id) {
  var c = document.getElementById(id);
  if (!c) return;
  var d = c.closest("details"); if (d) d.open = true;
  c.scrollIntoView({ behavior: "smooth", block: "start" });
  c.classList.add("flash"); setTimeout(function () { c.classList.remove("flash"); }, 2000);
}
chart.addEventListener("click", function (e) { var m = e.target.closest(".marker"); if (m) go(m.getAttribute("data-id")); });
chart.addEventListener("keydown", function (e) { var m = e.target.closest && e.target.closest(".marker"); if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); go(m.getAttribute("data-id")); } });

var ctl = document.getElementById("chart-controls");
function button(text, view, fn) {
  var bt = h("button", text, { type: "button" });
  if (view) bt.setAttribute("data-view", view);
  bt.addEventListener("click", fn); ctl.appendChild(bt); return bt;
}
button("Most events", "focus", function () { setRange(focusRange(), "focus"); });
button("All time", "all", function () { setRange(allRange(), "all"); });
if (markers.length) button("Around findings", "findings", function () { setRange(findingsRange(), "findings"); });
button("Zoom out", "", function () { var w = state.to - state.from; setRange([state.from - w / 2, state.to + w / 2]); });
function dateInput(id, label, fn) {
  var lb = h("label", label + " "), inp = h("input", undefined, { type: "date", id: id });
  inp.addEventListener("change", function () { var t = Date.parse(inp.value + "T00:00:00Z"); if (!isNaN(t)) fn(t); });
  lb.appendChild(inp); ctl.appendChild(lb);
}
dateInput("date-from", "from", function (t) { if (t < state.to) setRange([t, state.to]); });
dateInput("date-to", "to", function (t) { if (t + DAY > state.from) setRange([state.from, t + DAY]); });
var sel = h("select", undefined, { "aria-label": "bars per" });
["auto", "day", "week", "month"].forEach(function (v) { sel.appendChild(h("option", v === "auto" ? "bars: auto" : "per " + v, { value: v })); });
sel.addEventListener("change", function () { state.bin = sel.value; render(); });
ctl.appendChild(sel);

var fs = document.getElementById("chart-modules");
var boxes = [];
var order = plugins.map(function (p, i) { return i; }).sort(function (a, b) { return totals[b] - totals[a]; });
var all = h("button", "all", { type: "button" }), none = h("button", "none", { type: "button" });
function setAll(v) { boxes.forEach(function (bx) { bx.checked = v; on[+bx.value] = v; }); render(); }
all.addEventListener("click", function () { setAll(true); }); none.addEventListener("click", function () { setAll(false); });
var legend = fs.querySelector("legend"); legend.appendChild(document.createTextNode(" ")); legend.appendChild(all); legend.appendChild(none);
order.forEach(function (i) {
  var lb = h("label"), bx = h("input", undefined, { type: "checkbox", value: String(i) });
  bx.checked = true;
  bx.addEventListener("change", function () { on[i] = bx.checked; render(); });
  boxes.push(bx); lb.appendChild(bx); lb.appendChild(document.createTextNode(plugins[i] + " (" + fmt(totals[i]) + ")")); fs.appendChild(lb);
});

setRange(focusRange(), "focus");
var pending = 0;
window.addEventListener("resize", function () { cancelAnimationFrame(pending); pending = requestAnimationFrame(render); });
window.addEventListener("beforeprint", function () { document.querySelectorAll("details").forEach(function (d) { d.open = true; }); });
})();
`;
