// Progressive enhancement only: every form works without this file.
// Forms marked data-confirm ask before they delete something.
document.addEventListener('submit', (event) => {
  const form = event.target;
  const question = form instanceof HTMLFormElement ? form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) event.preventDefault();
});
