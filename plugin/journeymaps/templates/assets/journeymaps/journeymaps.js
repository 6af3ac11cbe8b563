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
  // update() now, and whenever the element's size changes (the window's, in a browser without ResizeObserver)
  function watchSize(element, update) {
    if (window.ResizeObserver) { new ResizeObserver(update).observe(element); } else { window.addEventListener("resize", update); }
    update();
  }
  // A journey grid wider than its pane: show the cue above it and the shadow at its right edge until the end.
  function scrollCue(frame) {
    if (frame.dataset.jmCue) return;
    frame.dataset.jmCue = "1";
    var pane = frame.querySelector(".jm-grid-wrap"), table = frame.querySelector("table");
    if (!pane || !table) return;
    var head = table.tHead;
    function update() {
      if (head) frame.style.setProperty("--jm-head", head.offsetHeight + "px");  // how far below it a focused link stops (CSS)
      var wider = table.offsetWidth > pane.clientWidth + 1;
      frame.classList.toggle("jm-overflows", wider);
      frame.classList.toggle("jm-fits", !wider);  // then the stage row sticks under the page's header instead
      frame.classList.toggle("jm-at-end", !wider || pane.scrollLeft + pane.clientWidth >= pane.scrollWidth - 1);
    }
    pane.addEventListener("scroll", update, { passive: true });
    watchSize(pane, update);
  }
  function scrollCues() { document.querySelectorAll(".jm-grid-frame").forEach(scrollCue); }
  // A table that scrolls sideways (phones) is a scroll box the keyboard must reach: it takes focus while it scrolls.
  function scrollableTable(table) {
    if (table.dataset.jmScroll) return;
    table.dataset.jmScroll = "1";
    function update() {
      if (table.scrollWidth > table.clientWidth + 1) table.setAttribute("tabindex", "0");
      else if (table.getAttribute("tabindex") === "0") table.removeAttribute("tabindex");
    }
    watchSize(table, update);
  }
  // A link to a stage (#stage-x: the backlog, search, a touchpoint's page) on a phone, where the grid is hidden: the
  // stage's card instead of the top of the page.
  function toStageCard() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }  // a malformed #%E0
    var target = id && document.getElementById(id);
    if (!target || target.getClientRects().length) return;
    var card = document.querySelector('.jm-stage-card[data-jm-stage="' + id.replace(/["\\]/g, "") + '"]');
    if (!card || !card.getClientRects().length) return;
    var title = card.querySelector("h2") || card;
    title.setAttribute("tabindex", "-1");
    title.focus({ preventScroll: true });  // the next Tab goes on from the card
    card.scrollIntoView();  // its top under the header (scroll-margin-top)
  }
  // Skip to content: to the page's title, above what the plugin shows. Material offers the link only on a page whose
  // Markdown has headings, and it leads to the first of them, past the journey grid or the profile; most of the
  // plugin's pages had none (61 Tab stops of navigation before the backlog's filters).
  function skipLink() {
    var mark = document.querySelector(".md-content [data-jm-skip]");
    if (!mark) return;
    var article = mark.closest(".md-content__inner") || mark.parentNode;
    var target = article.querySelector("h1") || mark;
    if (!target.id) target.id = "jm-content";
    var skip = document.querySelector(".md-skip");
    if (!skip) {
      skip = document.createElement("a");
      skip.className = "md-skip";
      skip.textContent = mark.getAttribute("data-jm-skip");
      document.body.insertBefore(skip, document.body.firstChild);
    }
    skip.setAttribute("href", "#" + target.id);
  }
  function init() {
    document.querySelectorAll("form[data-jm-filter]").forEach(setup);
    scrollCues();
    document.querySelectorAll("table.jm-table").forEach(scrollableTable);
    skipLink();
    // after the browser's own move to the #fragment (on load), which would take the focus back from the card
    if (document.readyState === "complete") { toStageCard(); } else { window.addEventListener("load", toStageCard); }
  }
  window.addEventListener("hashchange", toStageCard);
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }  // material instant loading
  else if (document.readyState !== "loading") { init(); } else { document.addEventListener("DOMContentLoaded", init); }
})();
