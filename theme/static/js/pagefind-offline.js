/* Pagefind from file:// (dossier.search writes the data this loader reads).
 *
 * From file:// a browser blocks what pagefind.js needs: its module import, fetch() and Worker.
 * dossier.search wraps every file that pagefind.js fetches as a classic script,
 * pagefind/offline/<path>.js, which calls __pagefindOffline.put(path, base64). This loader
 *   - answers pagefind.js's fetch() calls for the bundle from those scripts, loaded on demand;
 *   - imports pagefind.js itself from a blob: URL made from its own wrapper.
 * The caller then sets Pagefind's options with noWorker: true. The data stays gzip'd:
 * pagefind.js decompresses it as usual. Hosted over http(s), none of this is used.
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
      var path = decodeURI(url.slice(bundle.length).replace(/[?#].*$/, ""));
      return load(path).then(function (bytes) {
        return new Response(bytes, { status: 200, headers: { "Content-Type": contentType(path) } });
      });
    };
  }

  /* Import pagefind.js from a blob: URL; pagefind/ is at bundleURL (absolute, ends in "/"). */
  function importPagefind(bundleURL) {
    if (bundle === null) {
      bundle = bundleURL;
      installFetch();
    } else if (bundle !== bundleURL) {
      return Promise.reject(new Error("Pagefind offline: one bundle per page"));
    }
    return load("pagefind.js").then(function (bytes) {
      var blob = new Blob([bytes], { type: "text/javascript" });
      return import(URL.createObjectURL(blob));
    });
  }

  window.__pagefindOffline = { put: put, load: load, importPagefind: importPagefind };
})();
