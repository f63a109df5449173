// The export form's "select all" box (templates/admin/import_export/export.html): ticks or unticks every
// column. A file, not import-export's inline onchange, which the Content-Security-Policy blocks.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (!toggle) return;
  toggle.addEventListener("change", () => {
    document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]').forEach((box) => {
      if (box !== toggle) box.checked = toggle.checked;
    });
  });
});
