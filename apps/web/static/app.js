// Progressive enhancement only: every form works without this file.
// Forms marked data-confirm ask before they delete something.
document.addEventListener('submit', (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
});

// Textareas marked data-draft keep what is typed on the server, a moment after typing stops, so
// leaving the page loses nothing; the page fills the text back in by itself, without this file.
const DRAFT_DELAY_MS = 1000;

function saveDraft(area) {
  const fields = new URLSearchParams({ csrf_token: area.form.elements.csrf_token.value, body: area.value });
  if (area.dataset.noteId) fields.set('note_id', area.dataset.noteId);
  // A draft that does not arrive is retried by the next keystroke; nothing to tell the writer.
  fetch(area.dataset.draft, { method: 'POST', body: fields, credentials: 'same-origin' }).catch(() => {});
}

document.querySelectorAll('textarea[data-draft]').forEach((area) => {
  let timer;
  area.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => saveDraft(area), DRAFT_DELAY_MS);
  });
});
