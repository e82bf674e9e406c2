// The workspace's only script (plain JavaScript, no toolchain): live progress of a solve job, and the
// absence calendar's gestures. Pages work without it: the job page then shows a "Rafraîchir" link, and
// the calendar is a form of checkboxes, one per day.
"use strict";
(function () {
  function fr(n, digits) {
    return n === null || n === undefined ? "—" :
      Number(n).toLocaleString("fr-FR", {minimumFractionDigits: digits, maximumFractionDigits: digits});
  }
  var box = document.getElementById("job-progress");
  if (!box || box.getAttribute("data-active") !== "1") return;
  var url = box.getAttribute("data-job-url");
  var status = {queued: "en file d'attente", running: "en cours", succeeded: "terminé", failed: "échoué",
                cancelled: "annulé", abandoned: "abandonné"};
  function show(job) {
    var p = job.progress || {};
    document.getElementById("job-status").textContent = status[job.status] || job.status;
    document.getElementById("job-cost").textContent = p.objective == null ? "—" : fr(p.objective, 2) + " €";
    document.getElementById("job-unfilled").textContent = p.unfilled == null ? "—" : fr(p.unfilled, 0);
    document.getElementById("job-elapsed").textContent = p.elapsed == null ? "—" : fr(p.elapsed, 1) + " s";
    var final = ["succeeded", "failed", "cancelled", "abandoned"].indexOf(job.status) >= 0;
    if (final) {
      var cancel = document.getElementById("job-cancel");
      if (cancel) cancel.disabled = true;
      if (job.status === "succeeded" && job.plan_id) {
        window.location.assign(box.getAttribute("data-done-url").replace("PLAN", job.plan_id));
      } else {
        window.location.reload();
      }
      return;
    }
    window.setTimeout(poll, 1000);
  }
  function poll() {
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (job) { if (job) show(job); else window.setTimeout(poll, 3000); })
      .catch(function () { window.setTimeout(poll, 3000); });
  }
  poll();
})();

// The absence calendar (api/pages/absences.py): every day is a checkbox. Added here: drag across days to
// tick (or untick) a whole period, Shift+click to extend from the last day clicked, arrow keys to move
// between days (Shift+arrow extends), and a sentence saying what is selected.
(function () {
  var table = document.querySelector("table[data-calendar]");
  if (!table) return;
  var boxes = Array.prototype.slice.call(table.querySelectorAll("input.pick"));
  var said = document.getElementById("cal-selection");
  var anchor = null, drag = null;
  var months = new Intl.DateTimeFormat("fr-FR", {day: "numeric", month: "long"});

  function index(box) { return boxes.indexOf(box); }
  function boxOf(node) {
    var cell = node && node.closest ? node.closest("td[data-day]") : null;
    return cell ? cell.querySelector("input.pick") : null;
  }
  function day(box) { return new Date(box.value + "T12:00:00"); }
  function describe() {
    var runs = [], start = null;
    boxes.forEach(function (box, i) {
      if (box.checked && start === null) start = i;
      if ((!box.checked || i === boxes.length - 1) && start !== null) {
        var end = box.checked ? i : i - 1;
        runs.push(start === end ? "le " + months.format(day(boxes[start])) :
          "du " + months.format(day(boxes[start])) + " au " + months.format(day(boxes[end])));
        start = null;
      }
    });
    var count = boxes.filter(function (b) { return b.checked; }).length;
    said.textContent = count === 0 ? "Aucun jour coché." :
      count + (count > 1 ? " jours cochés : " : " jour coché : ") + runs.join(", ") + ".";
  }
  function paint(from, to, value, before) {
    var lo = Math.min(from, to), hi = Math.max(from, to);
    boxes.forEach(function (box, i) {
      box.checked = i >= lo && i <= hi ? value : (before ? before[i] : box.checked);
    });
    describe();
  }

  table.addEventListener("pointerdown", function (event) {
    var box = boxOf(event.target);
    if (!box || event.button !== 0) return;
    event.preventDefault();  // no text selection while dragging
    var i = index(box);
    if (event.shiftKey && anchor !== null) {
      paint(anchor, i, boxes[anchor].checked);
    } else {
      anchor = i;
      drag = {value: !box.checked, before: boxes.map(function (b) { return b.checked; })};
      paint(i, i, drag.value, drag.before);
    }
    box.focus();
    if (event.target.releasePointerCapture) event.target.releasePointerCapture(event.pointerId);
  });
  table.addEventListener("pointermove", function (event) {
    if (!drag) return;
    var box = boxOf(document.elementFromPoint(event.clientX, event.clientY));
    if (box) { drag.last = box; paint(anchor, index(box), drag.value, drag.before); }
  });
  document.addEventListener("pointerup", function () {
    if (drag && drag.last) drag.last.focus();  // the keyboard goes on from where the drag ended
    drag = null;
  });
  document.addEventListener("pointercancel", function () { drag = null; });
  table.addEventListener("click", function (event) {
    // a pointer's click (detail > 0) was handled at pointerdown: the label would tick the box again.
    // A keyboard's (Space on the box: detail 0) keeps its native toggle.
    if (event.detail > 0 && boxOf(event.target)) event.preventDefault();
  });
  table.addEventListener("change", function (event) {
    if (event.target.classList.contains("pick")) {
      anchor = index(event.target);
      describe();
    }
  });
  table.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("pick")) return;
    var step = {ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7}[event.key];
    var i = index(box), j;
    if (step !== undefined) j = i + step;
    else if (event.key === "Home") j = 0;
    else if (event.key === "End") j = boxes.length - 1;
    else return;
    event.preventDefault();
    j = Math.max(0, Math.min(boxes.length - 1, j));
    if (event.shiftKey) {
      if (anchor === null) { anchor = i; box.checked = true; }
      paint(anchor, j, true);
    }
    boxes[j].focus();
  });
  describe();
})();
