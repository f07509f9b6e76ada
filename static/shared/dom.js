// Tiny DOM builder: everything from the server goes in as text, never as HTML.

// French typography, in ONE place (issue 15, point 7): every text h() writes gets it, so the
// phone, the console, the projector and the verifier all do, whatever wrote the text.
// Lexique des règles typographiques en usage à l'Imprimerie nationale: a no-break space
// (U+00A0) before « : » and inside guillemets « … », a narrow no-break space (U+202F) before
// « ; ! ? ». Only ordinary spaces are replaced, so a text already written with no-break
// spaces stays as it is, and nothing is added where there is no space (10:30, https://, ?x=1).
// The same rule on the server: game/rules/typography.py (the badge page's Jinja filter).
export function frenchSpacing(text) {
  if (typeof text !== 'string' || text.indexOf(' ') < 0) return text;
  return text
    .replace(/ +(?=[;!?])/g, '\u202f')
    .replace(/ +(?=[:»])/g, '\u00a0')
    .replace(/« +/g, '«\u00a0');
}

// what people type or copy stays exactly as it is
const VERBATIM = { TEXTAREA: true, PRE: true, CODE: true, SCRIPT: true, STYLE: true, KBD: true };
function spaced(el, text) { return VERBATIM[el.tagName] ? text : frenchSpacing(text); }

// The same rule for text that does not go through h(): the pages' own HTML and the few
// `el.textContent = …` updates (a status line, a countdown). A text node already right is
// left alone, so the observer's own change stops there. Not in a textarea, not in code.
const VERBATIM_SELECTOR = 'textarea, pre, code, script, style, kbd';
function respace(node) {
  const parent = node.parentElement;
  if (!parent || parent.closest(VERBATIM_SELECTOR) || parent.isContentEditable) return;
  const fixed = frenchSpacing(node.data);
  if (fixed !== node.data) node.data = fixed;
}
function respaceTree(root) {
  if (root.nodeType === 3) { respace(root); return; }
  if (root.nodeType !== 1 || root.closest(VERBATIM_SELECTOR)) return;
  const walker = document.createTreeWalker(root, 4); // NodeFilter.SHOW_TEXT
  for (let n = walker.nextNode(); n; n = walker.nextNode()) respace(n);
}
if (typeof MutationObserver === 'function' && typeof document !== 'undefined' && document.documentElement) {
  respaceTree(document.documentElement);
  new MutationObserver(function (records) {
    records.forEach(function (r) {
      if (r.type === 'characterData') respace(r.target);
      else r.addedNodes.forEach(respaceTree);
    });
  }).observe(document.documentElement, { subtree: true, childList: true, characterData: true });
}

export function h(tag, attrs) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const key in attrs) {
      const value = attrs[key];
      if (value == null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = spaced(el, String(value));
      else if (key === 'testid') el.setAttribute('data-testid', value);
      // through the CSSOM, not a style attribute: the page's CSP forbids inline styles
      else if (key === 'style') el.style.cssText = String(value);
      else if (key === 'value' || key === 'checked' || key === 'selected') el[key] = value;
      else if (key.slice(0, 2) === 'on' && typeof value === 'function') el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (let i = 2; i < arguments.length; i++) append(el, arguments[i]);
  return el;
}

export function append(el, child) {
  if (child == null || child === false) return;
  if (Array.isArray(child)) { child.forEach(function (c) { append(el, c); }); return; }
  el.appendChild(typeof child === 'object' ? child : document.createTextNode(spaced(el, String(child))));
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Static, trusted SVG markup only (icons written in this code base).
export function svg(markup) {
  const tpl = document.createElement('template');
  tpl.innerHTML = markup.trim();
  const node = tpl.content.firstChild;
  node.setAttribute('aria-hidden', 'true');
  node.setAttribute('focusable', 'false');
  return node;
}

export function prefersReducedMotion() {
  return !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
}

// Run `fn` every `ms` while the page is visible, and once as soon as it
// becomes visible again, so hidden tabs cost no data.
export function pollWhileVisible(fn, ms) {
  let timer = null;
  function start() { stop(); timer = setInterval(function () { if (!document.hidden) fn(); }, ms); }
  function stop() { if (timer) clearInterval(timer); timer = null; }
  document.addEventListener('visibilitychange', function () {
    if (document.hidden) stop(); else { fn(); start(); }
  });
  if (!document.hidden) start();
  return stop;
}

// A count as French writes it: groups of three digits joined by a narrow no-break space
// (1 234, 12 345), so a number never breaks across lines.
export function formatCount(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}

export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso.length === 10 ? iso + 'T12:00:00' : iso);
  if (isNaN(d.getTime())) return iso;
  try {
    return d.toLocaleDateString('fr-FR', { weekday: 'short', day: 'numeric', month: 'short' });
  } catch (e) { return iso; }
}

export function formatDateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  try {
    return d.toLocaleString('fr-FR', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  } catch (e) { return iso; }
}

// An appointment's time as the Mission Locale's clock shows it, whatever zone the phone
// or laptop is set to: the server writes it with the installation's offset
// (2027-01-15T14:00:00+01:00) and names the zone (Europe/Paris). On a device set to
// another zone the offset is added (« 15 janv., 14:00 UTC+1 ») so nobody converts in
// their head. A browser without that zone's rules shows the wall time as written.
export function formatZonedDateTime(iso, timeZone) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return iso;
  const opts = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  try {
    if (!timeZone) throw new RangeError('no zone');
    const here = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (here && here !== timeZone) opts.timeZoneName = 'short';
    return new Intl.DateTimeFormat('fr-FR', Object.assign({ timeZone: timeZone }, opts)).format(d);
  } catch (e) {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
    if (!m) return formatDateTime(iso);
    const wall = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]));
    try {
      return wall.toLocaleString('fr-FR', Object.assign({ timeZone: 'UTC' }, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }));
    } catch (e2) { return iso; }
  }
}

// Screen-reader announcements through a polite live region; emptied first so that
// the same sentence twice is read twice.
// Two things announced at the same moment (a switch and the message it sends) are both
// read: what comes within the 50 ms is put after what is waiting, never in its place.
export function announcer(live) {
  let waiting = [];
  let timer = null;
  return function announce(text) {
    waiting.push(frenchSpacing(text));
    if (timer) return;
    live.textContent = '';
    timer = setTimeout(function () {
      live.textContent = waiting.join(' ');
      waiting = [];
      timer = null;
    }, 50);
  };
}

// "#/name/arg" → { name, arg }, with a default screen name.
export function hashRoute(defaultName) {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  return { name: parts[0] || defaultName, arg: parts[1] ? decodeURIComponent(parts[1]) : null };
}

// Save a Blob as a file (the PDF, .ics and badge files the app fetches with its token).
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: name });
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
}
