/* Interactive charts. Each chart is already in the page as a static SVG with a data table; when a
   chart scrolls into view, after the page has painted, this loads the site's own Vega bundle and
   puts a Vega view with tooltips over the SVG. Without JavaScript, or if anything here fails, the
   static chart stays.
   Strict CSP: Vega runs with its expression interpreter (ast: true), data is inline JSON, and the
   tooltip and embed styles come from charts.css (Vega is told not to inject a <style>).
   A page whose body is replaced in place (the preview's reload client, explainer/preview/reload.js) calls
   window.explainerCharts.stop() before and start() after: the old views are finalized (their listeners and
   timers go with them) and the new body's charts are drawn, with the Vega bundle loaded once a page. */
(function () {
  "use strict";

  var script = document.currentScript;
  var bundleUrl = script ? script.getAttribute("data-vega") : null;
  var bundle = null;
  // What the current body has running: its observer and its Vega views; `round` tells a view that finishes
  // embedding after stop() that its body is gone.
  var observer = null, embeds = [], round = 0;

  function loadBundle() {
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = bundleUrl;
        tag.setAttribute("data-added", "charts");  // not the server's: the reload client leaves it out of the head it compares
        tag.onload = function () { resolve(window.vegaEmbed); };
        tag.onerror = function () { reject(new Error("could not load " + bundleUrl)); };
        document.head.appendChild(tag);
      });
    }
    return bundle;
  }

  function shownSvg(figure) {
    var svgs = figure.querySelectorAll(".chart-svg");
    for (var i = 0; i < svgs.length; i++) {
      if (svgs[i].getBoundingClientRect().width > 0) { return svgs[i]; }
    }
    return svgs[0];
  }

  function prefersDark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  function enhance(figure) {
    var graphic = figure.querySelector(".chart-graphic");
    var svg = shownSvg(figure);
    // The phone layout's spec where the phone's SVG is shown: its legend and labels were laid out to fit.
    var narrow = svg && svg.classList.contains("chart-svg-narrow");
    var json = figure.querySelector(narrow ? "script.chart-spec-narrow" : "script.chart-spec") ||
      figure.querySelector("script.chart-spec");
    if (!json || !graphic || !svg) { return; }
    var spec = JSON.parse(json.textContent);
    // The view fills the column; it keeps the height of the static SVG shown at this width.
    spec.width = "container";
    spec.height = svg.viewBox.baseVal.height || spec.height;
    spec.autosize = { type: "fit", contains: "padding", resize: true };
    var view = document.createElement("div");
    view.className = "chart-view";
    graphic.appendChild(view);
    var mine = round;
    loadBundle().then(function (vegaEmbed) {
      if (mine !== round) { return null; }
      return vegaEmbed(view, spec, {
        actions: false,
        ast: true,
        renderer: "svg",
        defaultStyle: false,
        tooltip: { theme: prefersDark() ? "dark" : "light", disableDefaultStyle: true }
      });
    }).then(function (result) {
      if (!result) { return; }
      if (mine !== round) { result.finalize(); return; }
      embeds.push(result);
      figure.classList.add("is-interactive");
      reachableByKeyboard(result.view, view);
      openTooltipsOnTap(view);
      view.addEventListener("pointermove", function () { window.requestAnimationFrame(keepTooltipInView); });
    }).catch(function (error) {
      view.remove();
      if (window.console) { window.console.warn("Chart stays static:", error); }
    });
  }

  // A tap sends no pointermove, which is what opens Vega's tooltip: pass the tap on as one, where it landed.
  function openTooltipsOnTap(view) {
    view.addEventListener("pointerup", function (event) {
      if (event.pointerType !== "touch" || event.isSynthetic) { return; }
      var move = new PointerEvent("pointermove", {
        bubbles: true, clientX: event.clientX, clientY: event.clientY, pointerType: "mouse"
      });
      move.isSynthetic = true;
      event.target.dispatchEvent(move);
    });
  }

  // The keyboard: the view is one tab stop, and the arrow keys move from mark to mark (every point, bar, range and
  // event that has a tooltip), opening the same tooltip a pointer would and ringing the mark; Escape closes it.
  function reachableByKeyboard(vega, view) {
    var marks = marksWithTooltips(vega.scenegraph().root);
    if (!marks.length) { return; }
    var current = 0, ring = document.createElement("div"), spoken = document.createElement("p");
    ring.className = "chart-focus";
    ring.hidden = true;
    spoken.className = "chart-spoken";
    spoken.setAttribute("aria-live", "polite");
    view.appendChild(ring);
    view.appendChild(spoken);
    view.tabIndex = 0;
    view.setAttribute("role", "application");
    view.setAttribute("aria-roledescription", "interactive chart");
    view.setAttribute("aria-label", "Chart with " + marks.length + " marks: the arrow keys move from one to the next");

    function show() {
      var item = marks[current], box = clientBox(vega, view, item), frame = view.getBoundingClientRect();
      ring.hidden = false;
      ring.classList.toggle("is-point", item.mark.marktype === "symbol");
      ring.style.left = (box.left - frame.left - 4) + "px";
      ring.style.top = (box.top - frame.top - 4) + "px";
      ring.style.width = (box.width + 8) + "px";
      ring.style.height = (box.height + 8) + "px";
      var at = { clientX: box.left + box.width / 2, clientY: box.top + box.height / 2 };
      vega.tooltip().call(vega, null, at, item, item.tooltip);
      keepTooltipInView();
      spoken.textContent = item.description || tipText();
    }

    function hide() {
      ring.hidden = true;
      vega.tooltip().call(vega, null, {}, null, null);
    }

    // The view is redrawn to its column's width: a ring and tooltip then move with their mark.
    vega.addResizeListener(function () { if (document.activeElement === view) { show(); } });
    view.addEventListener("focus", show);
    view.addEventListener("blur", hide);
    view.addEventListener("keydown", function (event) {
      var next = { ArrowRight: current + 1, ArrowLeft: current - 1, Home: 0, End: marks.length - 1 }[event.key];
      if (event.key === "ArrowUp" || event.key === "ArrowDown") { next = nearestAbove(marks, current, event.key === "ArrowUp"); }
      if (event.key === "Escape") { hide(); return; }
      if (next === undefined) { return; }
      event.preventDefault();  // the page does not scroll while the reader moves through the chart
      current = Math.max(0, Math.min(marks.length - 1, next));
      show();
    });
  }

  // Every scene item with a tooltip, left to right (then top to bottom, which orders horizontal bars).
  function marksWithTooltips(root) {
    var found = [];
    (function walk(mark) {
      mark.items.forEach(function (item) {
        if (mark.marktype === "group") { (item.items || []).forEach(walk); }
        else if (item.tooltip != null && item.tooltip !== "") { found.push(item); }
      });
    }(root));
    return found.sort(function (a, b) {
      return Math.round(a.bounds.x1) - Math.round(b.bounds.x1) || a.bounds.y1 - b.bounds.y1;
    });
  }

  // The mark nearest in time above (or below) the current one: the other series on the same date.
  function nearestAbove(marks, current, up) {
    var here = marks[current].bounds, best, bestDistance = Infinity;
    marks.forEach(function (item, index) {
      var dy = (item.bounds.y1 + item.bounds.y2 - here.y1 - here.y2) / 2;
      if (index === current || (up ? dy >= 0 : dy <= 0)) { return; }
      var distance = Math.abs(item.bounds.x1 + item.bounds.x2 - here.x1 - here.x2) * 4 + Math.abs(dy);
      if (distance < bestDistance) { best = index; bestDistance = distance; }
    });
    return best === undefined ? current : best;
  }

  // Where a scene item is on the screen: its bounds, moved by the groups that hold it and the view's origin.
  function clientBox(vega, view, item) {
    var svg = view.querySelector("svg"), frame = svg.getBoundingClientRect(), origin = vega.origin();
    var scale = frame.width / (svg.width.baseVal.value || frame.width);
    var x = item.bounds.x1 + origin[0], y = item.bounds.y1 + origin[1];
    for (var group = item.mark.group; group; group = group.mark && group.mark.group) {
      x += group.x || 0;
      y += group.y || 0;
    }
    return { left: frame.left + x * scale, top: frame.top + y * scale,
      width: item.bounds.width() * scale, height: item.bounds.height() * scale };
  }

  function tipText() {
    var tip = document.getElementById("vg-tooltip-element");
    return tip ? tip.textContent : "";
  }

  // vega-tooltip places its box beside the pointer, which near a phone's edge is off the screen: move it in.
  function keepTooltipInView() {
    var tip = document.getElementById("vg-tooltip-element");
    if (!tip || !tip.classList.contains("visible")) { return; }
    var box = tip.getBoundingClientRect();
    var width = document.documentElement.clientWidth, height = document.documentElement.clientHeight;
    var left = Math.max(4, Math.min(box.left, width - box.width - 4));
    var top = Math.max(4, Math.min(box.top, height - box.height - 4));
    if (left !== box.left) { tip.style.left = left + "px"; }
    if (top !== box.top) { tip.style.top = top + "px"; }
  }

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December"];

  // "Cite this chart" gives the day the reader read it, written as the site writes dates.
  function dateCitations() {
    var today = new Date();
    var text = today.getDate() + " " + MONTHS[today.getMonth()] + " " + today.getFullYear();
    document.querySelectorAll(".chart-accessed").forEach(function (span) { span.textContent = text; });
  }

  function start() {
    dateCitations();
    var figures = document.querySelectorAll("figure.chart");
    if (!bundleUrl || !figures.length || !("IntersectionObserver" in window)) { return; }
    var watching = observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          watching.unobserve(entry.target);
          enhance(entry.target);
        }
      });
    }, { rootMargin: "200px 0px" });
    figures.forEach(function (figure) { watching.observe(figure); });
  }

  // Before the body is replaced: nothing of the old one keeps running.
  function stop() {
    round += 1;
    if (observer) { observer.disconnect(); observer = null; }
    embeds.forEach(function (result) { result.finalize(); });
    embeds = [];
  }

  function afterFirstPaint() {
    var mine = round;
    window.requestAnimationFrame(function () {
      window.setTimeout(function () { if (mine === round) { start(); } }, 0);
    });
  }

  window.explainerCharts = {
    stop: stop,
    // After the body is replaced: its charts are drawn once the new text has painted.
    start: function () { stop(); afterFirstPaint(); },
    views: function () { return embeds.length; }
  };
  // Scripts that can run again on a new body say so under their own URL (explainer/preview/reload.js reads it).
  if (script) { (window.restartableScripts = window.restartableScripts || {})[script.src] = window.explainerCharts; }

  if (document.readyState === "complete") {
    afterFirstPaint();
  } else {
    window.addEventListener("load", afterFirstPaint, { once: true });
  }
}());
