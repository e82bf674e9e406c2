// The workspace's only script (plain JavaScript, no toolchain): live progress of a solve job.
// Pages work without it except for the live progress, which then shows a "Rafraîchir" link.
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
