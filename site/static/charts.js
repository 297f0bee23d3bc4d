/* Interactive charts. Each chart is already in the page as a static SVG with a data table; when a
   chart scrolls into view, after the page has painted, this loads the site's own Vega bundle and
   puts a Vega view with tooltips over the SVG. Without JavaScript, or if anything here fails, the
   static chart stays.
   Strict CSP: Vega runs with its expression interpreter (ast: true), data is inline JSON, and the
   tooltip and embed styles come from charts.css (Vega is told not to inject a <style>). */
(function () {
  "use strict";

  var script = document.currentScript;
  var bundleUrl = script ? script.getAttribute("data-vega") : null;
  var bundle = null;

  function loadBundle() {
    if (!bundle) {
      bundle = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = bundleUrl;
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
    loadBundle().then(function (vegaEmbed) {
      return vegaEmbed(view, spec, {
        actions: false,
        ast: true,
        renderer: "svg",
        defaultStyle: false,
        tooltip: { theme: prefersDark() ? "dark" : "light", disableDefaultStyle: true }
      });
    }).then(function () {
      figure.classList.add("is-interactive");
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
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) {
          observer.unobserve(entry.target);
          enhance(entry.target);
        }
      });
    }, { rootMargin: "200px 0px" });
    figures.forEach(function (figure) { observer.observe(figure); });
  }

  function afterFirstPaint() {
    window.requestAnimationFrame(function () { window.setTimeout(start, 0); });
  }

  if (document.readyState === "complete") {
    afterFirstPaint();
  } else {
    window.addEventListener("load", afterFirstPaint);
  }
}());
