// journeymaps: filters on the maps index (type, state, persona), no server needed.
(function () {
  function setup(form) {
    var table = form.parentNode.querySelector("table");
    if (!table) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var out = form.querySelector("output");
    function apply() {
      var type = form.elements.type.value, state = form.elements.state.value, persona = form.elements.persona.value;
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!type || row.dataset.type === type) && (!state || row.dataset.state === state) &&
          (!persona || row.dataset.personas.indexOf(" " + persona + " ") !== -1);
        row.hidden = !ok;
        if (ok) shown++;
      });
      if (out) out.textContent = shown + (shown === 1 ? " map" : " maps");
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }
  function init() { document.querySelectorAll("form[data-jm-filter]").forEach(setup); }
  if (window.document$ && window.document$.subscribe) { window.document$.subscribe(init); }  // material instant loading
  else if (document.readyState !== "loading") { init(); } else { document.addEventListener("DOMContentLoaded", init); }
})();
