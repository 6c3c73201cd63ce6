// The export form's "select all" box (templates/admin/import_export/export.html): bound here rather than
// by an inline onchange attribute, which the Content-Security-Policy refuses.
document.addEventListener("DOMContentLoaded", () => {
  for (const toggle of document.querySelectorAll(".select-toggle")) {
    toggle.addEventListener("change", (event) => onSelectToggleChange(event));
  }
});
