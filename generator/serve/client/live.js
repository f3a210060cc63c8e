// casebook serve: live reload and the error overlay. Served as a file (never
// inline) so that it runs under a Content-Security-Policy of script-src 'self'.
// Events: reload, css {swap, bust}, gone {to}, errors {errors, warnings,
// problems}, ok. Nothing here is part of the built site.
(() => {
  "use strict";
  const me = document.currentScript;
  if (!me || !window.EventSource) return;
  const prefix = new URL(me.src, location.href).pathname.replace(/live\.js$/, "");
  const scrollKey = "casebook:scroll";
  const state = (window.casebookLive = { connected: false, build: -1, reloads: 0 });

  // Scroll position survives a reload made by this script.
  try {
    const saved = JSON.parse(sessionStorage.getItem(scrollKey) || "null");
    if (saved && saved.path === location.pathname) {
      sessionStorage.removeItem(scrollKey);
      const restore = () => window.scrollTo(saved.x, saved.y);
      restore();
      addEventListener("load", () => {
        restore();
        history.scrollRestoration = "auto"; // set to manual by reload() below
      }, { once: true });
    }
  } catch (_) { /* storage disabled: the browser restores what it can */ }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify({ path: location.pathname, x: scrollX, y: scrollY }));
      history.scrollRestoration = "manual";
    } catch (_) { /* ignore */ }
    location.reload();
  }

  // A stylesheet link is replaced by a new one; the old one goes once the
  // new one has loaded, so that the page never shows unstyled.
  function swapStyles(d) {
    const swap = d.swap || {}, bust = d.bust || [];
    for (const link of document.querySelectorAll('link[rel~="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (url.origin !== location.origin) continue;
      const p = url.pathname;
      let next = null;
      for (const [from, to] of Object.entries(swap)) {
        if (p.endsWith(from)) next = p.slice(0, p.length - from.length) + to;
      }
      if (!next && bust.some((b) => p.endsWith(b))) next = p + "?casebook=" + Date.now();
      if (!next) continue;
      const fresh = link.cloneNode(false);
      fresh.href = next;
      const drop = () => link.remove();
      fresh.addEventListener("load", drop, { once: true });
      fresh.addEventListener("error", drop, { once: true });
      link.after(fresh);
    }
  }

  // The overlay lists every error of the failed build with its source lines.
  let overlay = null, before = null;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function styles() {
    if (document.getElementById("casebook-overlay-style")) return;
    const l = document.createElement("link");
    l.id = "casebook-overlay-style";
    l.rel = "stylesheet";
    l.href = prefix + "live.css";
    document.head.appendChild(l);
  }

  function where(p) {
    let s = p.file || "build";
    if (p.line) s += ":" + p.line;
    if (p.line && p.col) s += ":" + p.col;
    return s;
  }

  function problem(p) {
    const li = el("li", "cbo-problem");
    li.appendChild(el("p", "cbo-where", where(p)));
    const msg = el("p", "cbo-msg");
    if (p.field) {
      msg.appendChild(el("code", "cbo-field", p.field));
      msg.appendChild(document.createTextNode(": "));
    }
    msg.appendChild(document.createTextNode(p.msg));
    li.appendChild(msg);
    if (p.hint) li.appendChild(el("p", "cbo-hint", "hint: " + p.hint));
    for (const a of p.also || []) li.appendChild(el("p", "cbo-also", "see: " + a));
    if (p.source && p.source.length) {
      const pre = el("pre", "cbo-src");
      const width = String(p.source[p.source.length - 1].n).length;
      pre.setAttribute("aria-label", "source of " + where(p));
      for (const line of p.source) {
        const here = line.n === p.line;
        const row = el("span", here ? "cbo-line cbo-here" : "cbo-line",
          (here ? "> " : "  ") + String(line.n).padStart(width) + " | " + line.text + "\n");
        pre.appendChild(row);
        if (here && p.col > 0) {
          pre.appendChild(el("span", "cbo-caret", " ".repeat(width + 5 + p.col - 1) + "^\n"));
        }
      }
      li.appendChild(pre);
    }
    return li;
  }

  function showErrors(d) {
    hideErrors();
    styles();
    before = document.activeElement;
    overlay = el("div", "cbo");
    overlay.id = "casebook-overlay";
    overlay.setAttribute("role", "alertdialog");
    overlay.setAttribute("aria-modal", "true");
    overlay.setAttribute("aria-labelledby", "casebook-overlay-title");
    overlay.setAttribute("aria-describedby", "casebook-overlay-desc");
    const panel = el("div", "cbo-panel");
    const head = el("div", "cbo-head");
    const n = d.errors, noun = n === 1 ? "error" : "errors";
    const title = el("h2", "cbo-title", n + " " + noun + ": the site was not rebuilt");
    title.id = "casebook-overlay-title";
    const close = el("button", "cbo-close", "Close");
    close.type = "button";
    close.setAttribute("aria-label", "Close the error list");
    close.addEventListener("click", hideErrors);
    head.append(title, close);
    let text = "This page shows the last good build. Fix the files and save: this list goes away by itself.";
    if (d.warnings) text += " The terminal also lists " + d.warnings + " warning" + (d.warnings === 1 ? "" : "s") + ".";
    const desc = el("p", "cbo-desc", text);
    desc.id = "casebook-overlay-desc";
    const list = el("ol", "cbo-list");
    for (const p of d.problems || []) list.appendChild(problem(p));
    panel.append(head, desc, list);
    overlay.appendChild(panel);
    overlay.addEventListener("keydown", (e) => {
      if (e.key === "Escape") hideErrors();
      if (e.key === "Tab") { e.preventDefault(); close.focus(); }
    });
    document.body.appendChild(overlay);
    close.focus({ preventScroll: true });
  }

  function hideErrors() {
    if (!overlay) return;
    const had = overlay.contains(document.activeElement);
    overlay.remove();
    overlay = null;
    if (had && before && before.focus) before.focus({ preventScroll: true });
  }

  const es = new EventSource(prefix + "events?path=" + encodeURIComponent(location.pathname) +
    "&page=" + encodeURIComponent(me.dataset.page || ""));
  const on = (name, f) => es.addEventListener(name, (e) => f(JSON.parse(e.data || "{}")));
  on("hello", (d) => { state.connected = true; state.build = d.build; });
  on("reload", () => { state.reloads++; reload(); });
  on("css", swapStyles);
  on("gone", (d) => location.replace(d.to));
  on("errors", showErrors);
  on("ok", hideErrors);
  es.addEventListener("error", () => { state.connected = false; });
})();
