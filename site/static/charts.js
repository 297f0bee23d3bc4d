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
    var json = figure.querySelector("script.chart-spec");
    var graphic = figure.querySelector(".chart-graphic");
    var svg = shownSvg(figure);
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
    }).catch(function (error) {
      view.remove();
      if (window.console) { window.console.warn("Chart stays static:", error); }
    });
  }

  function start() {
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
