// material builds the version selector from mike's versions.json: a button labelled "Select version"
// that shows the version ("latest"). Its accessible name must contain the text it shows
// (WCAG 2.5.3; axe: label-content-name-mismatch), so the label gets the version in front.
(function () {
  function name(root) {
    root.querySelectorAll(".md-version__current[aria-label]").forEach(function (el) {
      var text = el.textContent.trim();
      var label = el.getAttribute("aria-label") || "";
      if (text && label.indexOf(text) === -1) el.setAttribute("aria-label", text + ": " + label);
    });
  }
  new MutationObserver(function () { name(document); }).observe(document.documentElement, { childList: true, subtree: true });
  name(document);
})();
