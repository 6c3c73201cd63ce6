// An import job's page (templates/admin/import_job.html): follows the job's status (regions.job_views) and
// reloads the page, which then shows the preview or the result, once the phase has ended.
document.addEventListener("DOMContentLoaded", () => {
  const box = document.getElementById("import-job");
  if (!box) {
    return;
  }
  const url = box.dataset.statusUrl;
  const bar = document.getElementById("import-job-progress");
  const status = document.getElementById("import-job-status");
  const rows = document.getElementById("import-job-rows");
  const step = document.getElementById("import-job-step");
  const rowsText = rows.textContent;
  const poll = async () => {
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const job = await response.json();
      if (job.finished) {
        window.location.reload();
        return;
      }
      status.textContent = job.status_label;
      bar.max = Math.max(job.total, 1);
      bar.value = Math.min(job.done, bar.max);
      rows.textContent = rowsText.replace(/\d+/, job.done).replace(/\d+(?!.*\d)/, job.total);
      step.textContent = job.step;
    } catch (error) {
      // A failed poll is retried at the next tick.
    }
    window.setTimeout(poll, 1500);
  };
  window.setTimeout(poll, 1000);
});
