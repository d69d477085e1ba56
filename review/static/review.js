// Small enhancements; every page works without script (plain forms and links).

// Copy buttons on the highlights page; without script the snippets stay selectable text.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-copy]");
  if (!button) return;
  const field = document.getElementById(button.dataset.copy);
  const status = button.parentElement.querySelector(".copied");
  try { await navigator.clipboard.writeText(field.value); } catch { field.select(); document.execCommand("copy"); }
  if (status) status.textContent = status.dataset.copied;
});

// Save a card in place: post its one form, swap in the card the server renders, keep focus there.
let lastButton = null;
document.addEventListener("click", (event) => {
  const button = event.target.closest("form.card-form button[type=submit]");
  if (button) lastButton = button;
});
document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form.card-form");
  if (!form || !window.fetch) return;
  event.preventDefault();
  const data = new FormData(form);
  const button = event.submitter || lastButton;
  if (button && button.name) data.set(button.name, button.value);
  const card = form.closest("article.post");
  // Without fetch's answer, send the form the plain way, keeping the pressed button's value.
  const fallback = () => {
    if (button && button.name) {
      const kept = document.createElement("input");
      kept.type = "hidden"; kept.name = button.name; kept.value = button.value;
      form.appendChild(kept);
    }
    form.submit();
  };
  try {
    const response = await fetch(form.action, {
      method: "POST", body: new URLSearchParams(data), credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" },
    });
    if (!response.ok) { fallback(); return; }
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const fresh = holder.querySelector("article.post");
    if (!fresh) { fallback(); return; }
    card.replaceWith(fresh);
    fresh.focus();
  } catch {
    fallback();
  }
});

// Warn before typed input is lost by leaving the page.
const dirty = new Set();
document.addEventListener("input", (event) => {
  const form = event.target.closest("form.card-form");
  if (!form) return;
  dirty.add(form.dataset.card);
  const card = form.closest("article.post");
  card.classList.add("unsaved");
});
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form.card-form");
  if (form) dirty.delete(form.dataset.card);
}, true);
window.addEventListener("beforeunload", (event) => {
  if (dirty.size) { event.preventDefault(); event.returnValue = ""; }
});

// Keyboard: j/k next/previous post, a approve, r reject, h toggle highlight (not while typing).
document.addEventListener("keydown", (event) => {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (target.closest("input, textarea, select, [contenteditable]")) return;
  const cards = Array.from(document.querySelectorAll("article.post[data-post]"));
  if (!cards.length) return;
  const current = target.closest("article.post[data-post]");
  const index = current ? cards.indexOf(current) : -1;
  const go = (i) => { const card = cards[Math.max(0, Math.min(cards.length - 1, i))]; card.focus(); card.scrollIntoView({ block: "start" }); };
  const press = (selector) => { const b = current && current.querySelector(selector); if (b) b.click(); };
  if (event.key === "j") go(index + 1);
  else if (event.key === "k") go(index - 1);
  else if (event.key === "a") press("button[name=decision][value=approved]");
  else if (event.key === "r") press("button[name=decision][value=rejected]");
  else if (event.key === "h") { const box = current && current.querySelector("input[name=highlight]"); if (box) { box.checked = !box.checked; box.form.requestSubmit(); } }
  else return;
  event.preventDefault();
});
