// Optional: when the JSON tab is edited, say next to the structured fields that the JSON is
// what will be saved. Without JavaScript the rule is the same; only this reminder is missing.
document.addEventListener("input", (event) => {
  const target = event.target;
  if (!(target instanceof HTMLTextAreaElement) || !target.classList.contains("programme-editor-json")) {
    return;
  }
  document.querySelectorAll("[data-programme-editor-json-notice]").forEach((notice) => {
    notice.hidden = false;
  });
});
