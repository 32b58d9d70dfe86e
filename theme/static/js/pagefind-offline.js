/* Pagefind from file:// (dossier.search writes the data this loader reads).
 *
 * From file:// a browser blocks what pagefind.js needs: its module import, fetch() and Worker.
 * dossier.search wraps every file that pagefind.js fetches as a classic script,
 * pagefind/offline/<path>.js, which calls __pagefindOffline.put(path, base64). This loader
 *   - answers pagefind.js's fetch() calls for the bundle from those scripts, loaded on demand;
 *   - imports pagefind.js itself from a blob: URL made from its own wrapper.
 *   - runs Pagefind's own worker (pagefind-worker.js) from a blob: URL, so that searching
 *     never blocks the page: pagefind.js's `new Worker(".../pagefind-worker.js")` gets a
 *     classic blob: worker instead, whose fetch() asks this page for the bytes.
 * If a browser refuses the blob: worker, Pagefind falls back to running on the page, where
 * the fetch() above still answers it (the caller may also pass noWorker: true).
 * The data stays gzip'd: Pagefind decompresses it as usual. Hosted over http(s), none of
 * this is used.
 */
(function () {
  "use strict";

  var store = Object.create(null); // path -> base64, until its loader takes it
  var loads = Object.create(null); // path -> Promise<Uint8Array>
  var bundle = null; // absolute URL of pagefind/, ending in "/"

  function put(path, base64) {
    store[path] = base64;
  }

  function decode(base64) {
    if (typeof Uint8Array.fromBase64 === "function") return Uint8Array.fromBase64(base64);
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  /* The bytes of pagefind/<path>, from the wrapper script pagefind/offline/<path>.js. */
  function load(path) {
    if (!loads[path]) {
      loads[path] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundle + "offline/" + encodeURI(path) + ".js";
        script.onload = function () {
          script.remove();
          var base64 = store[path];
          delete store[path];
          if (base64 === undefined) {
            delete loads[path];
            reject(new TypeError("Pagefind offline: " + path + ".js did not put " + path));
          } else {
            resolve(decode(base64));
          }
        };
        script.onerror = function () {
          script.remove();
          delete loads[path];
          reject(new TypeError("Pagefind offline: could not load " + script.src));
        };
        document.head.appendChild(script);
      });
    }
    return loads[path];
  }

  function contentType(path) {
    if (/\.json$/.test(path)) return "application/json";
    if (/\.js$/.test(path)) return "text/javascript";
    return "application/octet-stream";
  }

  function installFetch() {
    var original = window.fetch;
    window.fetch = function (input, init) {
      var raw = typeof input === "string" ? input : (input && (input.href || input.url)) || "";
      var url = new URL(raw, location.href).href;
      if (url.indexOf(bundle) !== 0) return original.call(this, input, init);
      var path = pathOf(url);
      return load(path).then(function (bytes) {
        return new Response(bytes, { status: 200, headers: { "Content-Type": contentType(path) } });
      });
    };
  }

  function pathOf(url) {
    return decodeURI(url.slice(bundle.length).replace(/[?#].*$/, ""));
  }

  /* Runs first in the blob: worker: its fetch() for the bundle asks the page for bytes. */
  function workerShim() {
    /* global __pagefindOfflineBundle, __pagefindOfflinePage */
    var pending = new Map();
    var next = 0;
    var original = self.fetch;
    self.addEventListener("message", function (event) {
      var m = event.data;
      if (!m || m.__pagefindOffline !== "bytes") return;
      event.stopImmediatePropagation(); // not a message for Pagefind's worker
      var waiting = pending.get(m.id);
      pending.delete(m.id);
      if (!waiting) return;
      if (m.error) waiting.reject(new TypeError(m.error));
      else waiting.resolve(new Response(m.bytes, { status: 200, headers: { "Content-Type": m.type } }));
    });
    self.fetch = function (input, init) {
      var raw = String(typeof input === "string" ? input : (input && (input.href || input.url)));
      // pagefind.js strips the page's origin ("file://") from its base path: resolve
      // against the page, not against this worker's blob: URL.
      var url = new URL(raw, __pagefindOfflinePage).href;
      if (url.indexOf(__pagefindOfflineBundle) !== 0) return original.call(self, input, init);
      var id = ++next;
      return new Promise(function (resolve, reject) {
        pending.set(id, { resolve: resolve, reject: reject });
        self.postMessage({ __pagefindOffline: "fetch", id: id, url: url });
      });
    };
  }

  function installWorker(workerSource) {
    var Original = window.Worker;
    if (typeof Original !== "function") return;
    var workerURL = bundle + "pagefind-worker.js";
    var Replacement = function (url, options) {
      if (new URL(String(url), location.href).href !== workerURL) {
        return new Original(url, options);
      }
      var source = new Blob([
        "var __pagefindOfflineBundle = " + JSON.stringify(bundle) + ";\n",
        "var __pagefindOfflinePage = " + JSON.stringify(location.href) + ";\n",
        "(" + workerShim.toString() + ")();\n",
        workerSource,
      ], { type: "text/javascript" });
      var worker = new Original(URL.createObjectURL(source));
      worker.addEventListener("message", function (event) {
        var m = event.data;
        if (!m || m.__pagefindOffline !== "fetch") return;
        event.stopImmediatePropagation(); // not a reply for pagefind.js
        var path = pathOf(m.url);
        load(path).then(function (bytes) {
          var copy = bytes.slice(); // the worker keeps it (Pagefind caches); we let ours go
          delete loads[path];
          worker.postMessage({ __pagefindOffline: "bytes", id: m.id, bytes: copy.buffer,
            type: contentType(path) }, [copy.buffer]);
        }, function (err) {
          worker.postMessage({ __pagefindOffline: "bytes", id: m.id, error: String(err.message) });
        });
      });
      return worker;
    };
    Replacement.prototype = Original.prototype;
    window.Worker = Replacement;
  }

  /* Import pagefind.js from a blob: URL; pagefind/ is at bundleURL (absolute, ends in "/"). */
  function importPagefind(bundleURL) {
    if (bundle === null) {
      bundle = bundleURL;
      installFetch();
    } else if (bundle !== bundleURL) {
      return Promise.reject(new Error("Pagefind offline: one bundle per page"));
    }
    var worker = load("pagefind-worker.js").then(function (bytes) {
      delete loads["pagefind-worker.js"];
      installWorker(new TextDecoder().decode(bytes));
    }, function () { /* no worker: Pagefind runs on the page */ });
    return Promise.all([load("pagefind.js"), worker]).then(function (loaded) {
      var blob = new Blob([loaded[0]], { type: "text/javascript" });
      return import(URL.createObjectURL(blob));
    });
  }

  /* The bytes of pagefind/<path> for the page itself (search.js reads fragments so),
     not kept here once handed over. */
  function take(path) {
    return load(path).then(function (bytes) {
      delete loads[path];
      return bytes;
    });
  }

  window.__pagefindOffline = { put: put, load: load, take: take, importPagefind: importPagefind };
})();
