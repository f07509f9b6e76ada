// Tap-to-explain: the pack's glossary, read once (GET /api/me/glossary), marks its words
// and acronyms in the texts a player reads (story, questions, dialogue lines, offers).
// A marked term is a button: tapping it (or Enter on it) opens a small bubble with its
// meaning under the line, read out by screen readers; the bubble closes with its
// button, Escape or another term. Pack texts are never HTML: only text nodes and
// elements built here.
import { h } from '/static/shared/dom.js';

let entries = []; // [{term, meaning, exact}] longest terms first
let pattern = null; // every term, as whole words
let loading = null;
let open = null; // {button, bubble}
let live = null;
let seq = 0;

function escape(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

function use(list) {
  entries = (list || []).filter(function (e) { return e && e.term && e.meaning; }).map(function (e) {
    // an acronym (CEJ, PMSMP) is matched as written; a word whatever its case
    return { term: e.term, meaning: e.meaning, exact: /\p{Lu}/u.test(e.term) && e.term === e.term.toUpperCase() };
  }).sort(function (a, b) { return b.term.length - a.term.length; });
  pattern = entries.length ? new RegExp('(?<![\\p{L}\\p{N}])(?:' + entries.map(function (e) { return escape(e.term); }).join('|') + ')(?![\\p{L}\\p{N}])', 'giu') : null;
}

/** Read the glossary of the player's pack, once per page (the answer is cached too). */
export function loadGlossary(api) {
  if (!loading) {
    loading = api.get('/api/me/glossary').then(use, function () { loading = null; });
  }
  return loading;
}

/** The glossary entry a piece of text names, or null. */
function entryFor(found) {
  const lower = found.toLowerCase();
  return entries.find(function (e) { return e.exact ? e.term === found : e.term.toLowerCase() === lower; }) || null;
}

/**
 * explained(text) → the text as nodes, each glossary term (its first use in this text)
 * as a button that explains it. Use it as a child of h(): h('p', null, explained(t)).
 */
export function explained(text) {
  const value = text == null ? '' : String(text);
  if (!pattern || !value) return value;
  const out = [];
  const seen = {};
  let last = 0;
  pattern.lastIndex = 0;
  let m;
  while ((m = pattern.exec(value)) !== null) {
    const entry = entryFor(m[0]);
    if (!entry || seen[entry.term]) continue;
    seen[entry.term] = true;
    if (m.index > last) out.push(value.slice(last, m.index));
    out.push(termButton(m[0], entry));
    last = m.index + m[0].length;
  }
  if (last < value.length) out.push(value.slice(last));
  return out;
}

function termButton(word, entry) {
  const button = h('button', { type: 'button', class: 'term', 'aria-expanded': 'false', testid: 'term' }, word);
  button.addEventListener('click', function (ev) {
    ev.preventDefault();
    ev.stopPropagation();
    if (open && open.button === button) { close(true); return; }
    show(button, entry);
  });
  return button;
}

function announce(text) {
  if (!live) {
    live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', testid: 'term-live' });
    document.body.appendChild(live);
  }
  live.textContent = '';
  setTimeout(function () { live.textContent = text; }, 50);
}

function show(button, entry) {
  close(false);
  const id = 'term-bubble-' + (++seq);
  const shut = h('button', { type: 'button', class: 'term-close', 'aria-label': 'Fermer l\u2019explication', testid: 'term-close' }, '\u00d7');
  const bubble = h('span', { class: 'term-bubble', id: id, role: 'note', testid: 'term-bubble' },
    h('strong', null, entry.term), ' : ', entry.meaning, ' ', shut);
  shut.addEventListener('click', function (ev) { ev.preventDefault(); ev.stopPropagation(); close(true); });
  bubble.addEventListener('keydown', onKey);
  button.after(bubble);
  button.setAttribute('aria-expanded', 'true');
  button.setAttribute('aria-controls', id);
  open = { button: button, bubble: bubble };
  announce(entry.term + ' : ' + entry.meaning);
}

function close(refocus) {
  if (!open) return;
  const was = open;
  open = null;
  was.bubble.remove();
  was.button.setAttribute('aria-expanded', 'false');
  was.button.removeAttribute('aria-controls');
  if (refocus && was.button.isConnected) was.button.focus();
}

function onKey(ev) {
  if (ev.key === 'Escape' && open) { ev.preventDefault(); close(true); }
}

document.addEventListener('keydown', function (ev) {
  if (ev.key === 'Escape' && open && ev.target === open.button) { ev.preventDefault(); close(true); }
});
