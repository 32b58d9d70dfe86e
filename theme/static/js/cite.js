/* Citations on document pages: a Copy button beside each citation text.
   A classic script (no modules, no fetch), so it runs from file:// too. Without it the
   citations are still there as selectable text ("Cite this passage" under the passage a
   permalink leads to, and "Cite" in the document's metadata). */
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".citebox, .citebox-doc");
  if (!boxes.length) {
    return;
  }
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);

  function selectText(el) {
    var range = document.createRange();
    range.selectNodeContents(el);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
  }

  function copied(button, ok) {
    var label = ok ? "Copied" : "Selected: press Ctrl+C to copy";
    button.textContent = ok ? "Copied" : "Selected";
    status.textContent = label;
    window.setTimeout(function () {
      button.textContent = "Copy citation";
      status.textContent = "";
    }, 2000);
  }

  function copy(text, el, button) {
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () {
        copied(button, true);
      }, function () {
        selectText(el);
        copied(button, false);
      });
    } else {
      selectText(el);
      var ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e) {
        ok = false;
      }
      copied(button, ok);
    }
  }

  Array.prototype.forEach.call(boxes, function (box) {
    var text = box.querySelector(".citebox-text");
    if (!text) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "citebox-copy";
    button.textContent = "Copy citation";
    button.addEventListener("click", function () {
      copy(text.textContent, text, button);
    });
    text.parentNode.insertBefore(button, text.nextSibling);
  });
})();
