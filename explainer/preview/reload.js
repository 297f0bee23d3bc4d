/* The preview's reload client, served by explainer/preview/http.py from the preview's own origin, so that
   the pages' policy (script-src 'self') allows it. It speaks the livereload protocol to /livereload (hello,
   then info; the server answers "reload" after each finished rebuild, and at once to a page that shows an
   older build than the current one).

   On "reload" it fetches the page again. When the new page has the same <head> (same stylesheets, title and
   policy) and neither page runs a script of its own, only the <body> is replaced: nothing else is fetched
   and the scroll position stays. Anything else (a changed head, a page with charts, the error page, a
   failed fetch) reloads the whole page. */
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

  function headOf(doc) {
    var parts = [];
    Array.prototype.forEach.call(doc.head ? doc.head.childNodes : [], function (node) {
      if (!isMine(node)) { parts.push(node.nodeType === 1 ? node.outerHTML : node.textContent); }
    });
    return parts.join("");
  }

  function runsScripts(doc) {
    return Array.prototype.some.call(doc.querySelectorAll("script"), function (node) {
      var type = node.getAttribute("type");
      return !isMine(node) && (!type || /javascript|module/.test(type));
    });
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
        if (headOf(next) !== shownHead || runsScripts(next) || runsScripts(document) || !next.body) {
          reloadWhole();
          return;
        }
        document.body.replaceWith(document.adoptNode(next.body));
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
