// Progressive enhancement for section forms: answers save as they change through the JSON API,
// with the section version for optimistic concurrency. Without JavaScript the Save button does
// the same. Built into dist/assets under a fingerprinted name (scripts/build-assets.ts).
(() => {
  const form = document.getElementById("section-form");
  const target = form && form.querySelector("[data-autosave-url]");
  if (!form || !target) return;
  const url = target.getAttribute("data-autosave-url");
  // The API takes each answer in its item's JSON type and converts nothing: numbers go as numbers.
  const numberItems = new Set((target.getAttribute("data-number-items") || "").split(" ").filter(Boolean));
  const NUMERAL = /^\s*(\d{1,12}(\.\d{1,6})?|\.\d{1,6})\s*$/;
  function typed(name, value) {
    return numberItems.has(name) && NUMERAL.test(value) ? Number(value) : value;
  }
  const status = form.querySelector("[data-autosave-status]");
  const versionInput = form.querySelector("[data-version]");
  const texts = document.getElementById("autosave-messages").dataset;
  status.textContent = texts.ready;
  // Each answer gets a status line of its own, so the word "Saved" appears next to the control
  // that changed; they exist before any change, so screen readers announce what is put in them.
  for (const group of form.querySelectorAll(".usa-form-group")) {
    const line = document.createElement("p");
    line.className = "smh-meta smh-field-status";
    line.setAttribute("aria-live", "polite");
    line.setAttribute("data-field-status", "");
    group.appendChild(line);
  }
  let statusLine = status;
  let shown = null;
  function report(text) {
    if (shown && shown !== statusLine) shown.textContent = "";
    statusLine.textContent = text;
    shown = statusLine;
  }
  let timer = null;
  let stopped = false;
  function answers() {
    const out = {};
    for (const el of form.elements) {
      if (!el.name || el.name.startsWith("_")) continue;
      if (el.type === "checkbox") {
        out[el.name] = out[el.name] || [];
        if (el.checked) out[el.name].push(el.value);
        continue;
      }
      if (el.type === "radio") {
        if (el.checked) out[el.name] = typed(el.name, el.value);
        continue;
      }
      out[el.name] = el.value.trim() === "" ? null : typed(el.name, el.value);
    }
    return out;
  }
  async function save() {
    if (stopped) return;
    const res = await fetch(url, {
      method: "PUT",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ version: Number(versionInput.value), answers: answers() }),
    }).catch(() => null);
    if (res && res.ok) {
      const body = await res.json();
      versionInput.value = String(body.version);
      report(texts.saved.replace("{time}", new Date().toLocaleTimeString()));
    } else if (res && res.status === 409) {
      stopped = true;
      report(texts.conflict);
    } else {
      let reason = res ? res.statusText : "offline";
      try {
        const p = await res.json();
        reason = (p.errors && p.errors[0] && p.errors[0].detail) || p.detail || reason;
      } catch {}
      report(texts.failed.replace("{reason}", reason));
    }
  }
  form.addEventListener("change", (event) => {
    const group = event.target.closest?.(".usa-form-group");
    statusLine = group?.querySelector("[data-field-status]") || status;
    clearTimeout(timer);
    timer = setTimeout(save, 600);
  });
})();
