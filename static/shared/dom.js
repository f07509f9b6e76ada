// Tiny DOM builder: everything from the server goes in as text, never as HTML.

export function h(tag, attrs) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const key in attrs) {
      const value = attrs[key];
      if (value == null || value === false) continue;
      if (key === 'class') el.className = value;
      else if (key === 'text') el.textContent = value;
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
  el.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
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
export function announcer(live) {
  return function announce(text) {
    live.textContent = '';
    setTimeout(function () { live.textContent = text; }, 50);
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
