// journeymaps: filters on index pages, no server needed. Each <select name="x"> in a
// form[data-jm-filter] keeps the rows of the next table whose data-x (space-separated
// values) holds the chosen value.
(function () {
  function setup(form) {
    if (form.dataset.jmReady) return;
    form.dataset.jmReady = "1";
    var table = form.parentNode.querySelector("table");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var out = form.querySelector("output");
    var count = form.dataset.jmCount || "{n}";  // the catalogue's "%(n)s maps", with {n} for the number
    var one = form.dataset.jmCountOne || count;  // and its "%(n)s map", for the numbers the language says so
    var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en") : null;
    function apply() {
      var shown = 0;
      rows.forEach(function (row) {
        var ok = selects.every(function (s) {
          if (!s.value) return true;
          return (" " + (row.dataset[s.name] || "") + " ").indexOf(" " + s.value + " ") !== -1;
        });
        row.hidden = !ok;
        if (ok) shown++;
      });
      var said = rules ? rules.select(shown) === "one" : shown === 1;
      if (out) out.textContent = (said ? one : count).replace("{n}", shown);
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  // A journey grid wider than its pane: show the cue above it and the shadow at its right edge until the end.
  function scrollCue(frame) {
    if (frame.dataset.jmCue) return;
    frame.dataset.jmCue = "1";
    var pane = frame.querySelector(".jm-grid-wrap"), table = frame.querySelector("table");
    if (!pane || !table) return;
    function update() {
      var wider = table.offsetWidth > pane.clientWidth + 1;
      frame.classList.toggle("jm-overflows", wider);
      frame.classList.toggle("jm-fits", !wider);  // then the stage row sticks under the page's header instead
      frame.classList.toggle("jm-at-end", !wider || pane.scrollLeft + pane.clientWidth >= pane.scrollWidth - 1);
    }
    pane.addEventListener("scroll", update, { passive: true });
    if (window.ResizeObserver) { new ResizeObserver(update).observe(pane); } else { window.addEventListener("resize", update); }
    update();
  }
  function scrollCues() { document.querySelectorAll(".jm-grid-frame").forEach(scrollCue); }
  function init() { document.querySelectorAll("form[data-jm-filter]").forEach(setup); scrollCues(); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }  // material instant loading
  else if (document.readyState !== "loading") { init(); } else { document.addEventListener("DOMContentLoaded", init); }
})();
