// The interview kit, progressively enhanced: as a rating is chosen, say at once whether it is under the
// competency's bar and what that means for the recommendation (the same sentences the server writes after
// a save, from interviews/bars.py). Without JavaScript the server shows them after "Save draft".
(function () {
  "use strict";
  var form = document.querySelector("#scorecard form");
  var box = document.getElementById("below-bar");
  if (!form || !box) { return; }
  var count = document.getElementById("below-bar-count");
  var list = document.getElementById("below-bar-list");
  var notes = Array.prototype.slice.call(document.querySelectorAll(".below-bar-note"));

  function chosen(competency) {
    var input = form.querySelector('input[name="score_' + competency + '"]:checked');
    return input && /^[1-4]$/.test(input.value) ? Number(input.value) : null;
  }

  function refresh() {
    var items = [];
    notes.forEach(function (note) {
      var bar = parseFloat(note.dataset.bar);
      var score = chosen(note.dataset.competency);
      var below = !isNaN(bar) && score !== null && score < bar;
      note.hidden = !below;
      if (below) {
        note.textContent = note.dataset.message.replace("{score}", String(score));
        items.push({ competency: note.dataset.competency, text: note.textContent });
      }
    });
    box.hidden = items.length === 0;
    count.textContent = items.length + (items.length === 1 ? " rating" : " ratings");
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#competency-" + item.competency;
      link.textContent = item.text;
      li.appendChild(link);
      list.appendChild(li);
    });
  }

  form.addEventListener("change", function (event) {
    if (event.target.name && event.target.name.indexOf("score_") === 0) { refresh(); }
  });
})();
