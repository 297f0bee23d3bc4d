/* The preview's reload client, served by explainer/preview/http.py from the preview's own origin, so that
   the pages' policy (script-src 'self') allows it. It speaks the livereload protocol to /livereload (hello,
   then info; the server answers "reload" after each finished rebuild, and at once to a page that shows an
   older build than the current one).

   On "reload" it fetches the page again. When the new page has the same <head> (same stylesheets, title and
   policy) and every script either page runs can run again on a new body, only the <body> is replaced:
   nothing else is fetched and the scroll position stays. A script that can (site/static/charts.js) registers
   itself under its own URL in window.restartableScripts with stop() and start(): stop() is called before the
   swap, start() after it, and the script is not loaded again (a parsed page's scripts do not run). Anything
   else (a changed head, a script that cannot restart or is not running yet, the error page, a failed fetch)
   reloads the whole page. */
(function () {
  "use strict";

  var me = document.currentScript;
  var options = new URL(me.src).searchParams;
  var address = "ws://" + (options.get("host") || location.hostname) + ":" +
    (options.get("port") || location.port || "80") + "/livereload";
  var shownHead = headOf(document);
  var busy = false, again = false, wait = 100;
  // What the tests (tests/preview/) look at: the socket's state and how each reload was done.
  var state = window.previewReload = { connected: false, replaced: 0 };

  function isMine(node) {
    return node.nodeName === "SCRIPT" && /\/livereload\.js(\?|$)/.test(node.getAttribute("src") || "");
  }

  // Not from the server: what a script added to the page (charts.js adds the Vega bundle's <script>).
  function isAdded(node) {
    return node.nodeType === 1 && node.hasAttribute("data-added");
  }

  function headOf(doc) {
    var parts = [];
    Array.prototype.forEach.call(doc.head ? doc.head.childNodes : [], function (node) {
      if (!isMine(node) && !isAdded(node)) { parts.push(node.nodeType === 1 ? node.outerHTML : node.textContent); }
    });
    return parts.join("");
  }

  // The scripts a page runs (not data such as JSON), as absolute URLs; an inline one as null.
  function scriptsOf(root) {
    var found = [];
    Array.prototype.forEach.call(root.querySelectorAll("script"), function (node) {
      var type = node.getAttribute("type");
      if (isMine(node) || isAdded(node) || (type && !/javascript|module/.test(type))) { return; }
      var src = node.getAttribute("src");
      found.push(src ? new URL(src, location.href).href : null);
    });
    return found;
  }

  // What to stop before the swap and start after it; null when a script of either page cannot restart.
  function restartersFor(next) {
    var registry = window.restartableScripts || {}, restarters = [], urls = scriptsOf(document).concat(scriptsOf(next));
    for (var i = 0; i < urls.length; i++) {
      var restarter = urls[i] && registry[urls[i]];
      if (!restarter) { return null; }
      if (restarters.indexOf(restarter) < 0) { restarters.push(restarter); }
    }
    return restarters;
  }

  function swapBody(next, restarters) {
    var x = window.scrollX, y = window.scrollY;
    restarters.forEach(function (restarter) { restarter.stop(); });
    document.body.replaceWith(document.adoptNode(next.body));
    window.scrollTo(x, y);
    restarters.forEach(function (restarter) { restarter.start(); });
  }

  function reloadWhole() {
    // For this one request, the same word as the header below; the server clears it with its answer.
    document.cookie = "preview_reload=1; path=/; max-age=10; samesite=strict";
    location.reload();
  }

  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    // The header tells the server this request follows its own reload: the rebuild that sent it has just
    // looked for changes, so the server need not walk the sources again before answering.
    fetch(location.href, { cache: "no-store", credentials: "same-origin", headers: { "X-Preview-Reload": "1" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (response.redirected || type.indexOf("text/html") !== 0) { throw new Error("not the same page"); }
        return response.text();
      })
      .then(function (text) {
        var next = new DOMParser().parseFromString(text, "text/html");
        var restarters = next.body && headOf(next) === shownHead ? restartersFor(next) : null;
        if (!restarters) {
          reloadWhole();
          return;
        }
        swapBody(next, restarters);
        state.replaced += 1;
        busy = false;
        if (again) { again = false; refresh(); }
      })
      .catch(reloadWhole);
  }

  function connect() {
    var socket = new WebSocket(address);
    socket.onopen = function () {
      wait = 100;
      state.connected = true;
      socket.send(JSON.stringify({ command: "hello", protocols: ["http://livereload.com/protocols/official-7"] }));
      socket.send(JSON.stringify({ command: "info", url: location.href, plugins: {} }));
    };
    socket.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (error) { return; }
      if (message && message.command === "reload") { refresh(); }
    };
    socket.onclose = function () {
      state.connected = false;
      // The server stopped or restarted: try again, less and less often; on reconnecting, a page that shows
      // an older build is told to reload.
      window.setTimeout(connect, wait);
      wait = Math.min(wait * 2, 3000);
    };
  }

  connect();
}());
