// Build a loop: offer to leave out only the optional rounds of the chosen template.
(function () {
  "use strict";
  var select = document.getElementById("id_template");
  if (!select) { return; }
  var rounds = Array.prototype.slice.call(document.querySelectorAll("label.skip-round"));
  var none = document.getElementById("no-optional-rounds");
  function update() {
    var shown = 0;
    rounds.forEach(function (label) {
      var here = (" " + label.dataset.templates + " ").indexOf(" " + select.value + " ") !== -1;
      label.hidden = !here;
      if (!here) { label.querySelector("input").checked = false; }
      if (here) { shown += 1; }
    });
    if (none) { none.hidden = shown > 0 || !select.value; }
  }
  select.addEventListener("change", update);
  update();
}());
