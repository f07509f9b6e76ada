// The phone's toasts: the small news of the live game, one at a time above the tab bar.
// Important ones (facilitators' words, verdicts, pause, a new badge) stay longer and go
// before the small news. A toast whose news is out of date when its turn comes (the
// screen already shows newer: `stale()` says so, or it waited too long) is dropped.
// Screen readers hear each toast once, from a hidden live region; the visible box is not
// live (its close button would be read too). While a toast shows, the page gets room at
// its bottom, so the toast never hides the end of the content.
// No time limit a player cannot stop (issue 15, point 8; RGAA 13.1): « Garder » keeps a
// toast until it is closed, and a toast waits while the focus is in it (keyboard, screen
// reader); nothing hurries a kept or focused toast away.
import { h, clear } from '/static/shared/dom.js';

const SMALL_MS = 4500;
const IMPORTANT_MS = 10000;
const SMALL_MAX_WAIT_MS = 20000; // small news queued longer than this is old news
const IMPORTANT_MAX_WAIT_MS = 120000;

/**
 * createToasts(main) → {toast(text, opts), remember(text), recently(text), dropStale()}
 * opts: title, kind ('info'|'ok'|'warn'), important, topic (a newer toast on the same
 * topic replaces the old one), stale() → true when the news is out of date,
 * link {href, label, testid}, celebrate (a new badge: a shard that pops, unless motion is reduced)
 */
export function createToasts(main) {
  const box = h('div', { class: 'toasts', id: 'toasts' });
  const say = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true', testid: 'toast-say' });
  document.body.appendChild(box);
  document.body.appendChild(say);
  let now = null;
  let timer = null;
  const queue = [];
  const told = {}; // text → time: an event and the refetch that follows must not say it twice

  function remember(text) { if (text) told[text] = Date.now(); }
  function recently(text) { return !!told[text] && Date.now() - told[text] < 120000; }

  function outdated(t) {
    if (t.stale) {
      try { if (t.stale()) return true; } catch (e) { /* keep it */ }
    }
    return Date.now() - t.at > (t.important ? IMPORTANT_MAX_WAIT_MS : SMALL_MAX_WAIT_MS);
  }

  function toast(text, opts) {
    const t = Object.assign({ text: text, kind: 'info', important: false }, opts || {});
    if (!t.text && !t.title) return;
    t.at = Date.now();
    if (t.stale && outdated(t)) return;
    if (t.topic) {
      // news on the same subject (pause, then resume) replaces the old one
      for (let i = queue.length - 1; i >= 0; i--) if (queue[i].topic === t.topic) queue.splice(i, 1);
      if (now && now.topic === t.topic) { show(t); return; }
    }
    if (now && (now.important || !t.important)) {
      hurry(t.important ? 2500 : 4000);
      if (t.important) {
        let i = 0;
        while (i < queue.length && queue[i].important) i++;
        queue.splice(i, 0, t);
      } else {
        queue.push(t);
        // a burst of small news: keep the last few
        while (queue.length > 4 && !queue[0].important) queue.shift();
      }
      return;
    }
    show(t);
  }

  // Someone waits: the current toast leaves once it has been readable for `min` ms.
  function hurry(min) {
    if (!now || now.pinned || now.paused) return;
    const left = Math.max(0, now.shownAt + min - Date.now());
    if (left < now.endsAt - Date.now()) {
      clearTimeout(timer);
      now.endsAt = Date.now() + left;
      timer = setTimeout(next, left);
    }
  }

  function show(t) {
    now = t;
    t.shownAt = Date.now();
    t.endsAt = t.shownAt + (t.important ? IMPORTANT_MS : SMALL_MS);
    clearTimeout(timer);
    clear(box);
    const close = h('button', { type: 'button', class: 'toast-close', testid: 'toast-close', 'aria-label': 'Fermer le message', onclick: next }, '×');
    const keep = h('button', { type: 'button', class: 'toast-keep', testid: 'toast-keep', 'aria-pressed': 'false', onclick: function () { pin(t, keep); } }, 'Garder');
    const link = t.link ? h('a', { href: t.link.href, class: 'toast-link', testid: t.link.testid || 'toast-link', onclick: function () { setTimeout(next, 0); } }, t.link.label) : null;
    box.appendChild(h('div', {
      class: 'toast toast-' + t.kind + (t.important ? ' toast-important' : '') + (t.celebrate ? ' toast-celebrate' : ''),
      testid: 'toast', 'data-topic': t.topic || null,
    },
    t.celebrate ? h('span', { class: 'toast-burst', 'aria-hidden': 'true' }, '✦') : null,
    h('p', { class: 'toast-text' }, t.title ? h('strong', { class: 'toast-title' }, t.title + ' ') : null, t.text, link ? ' ' : null, link),
    h('span', { class: 'toast-actions' }, keep, close)));
    // once, in words: the title, the news, where the link leads
    say.textContent = (t.title ? t.title + ' ' : '') + (t.text || '') + (link ? ' ' + t.link.label + '.' : '');
    makeRoom();
    timer = setTimeout(next, t.endsAt - t.shownAt);
  }

  // « Garder »: this toast stays until it is closed
  function pin(t, button) {
    if (now !== t) return;
    t.pinned = true;
    clearTimeout(timer);
    button.setAttribute('aria-pressed', 'true');
    button.textContent = 'Gardé';
  }

  // the focus in a toast stops its time; when it leaves, a few seconds more to finish
  box.addEventListener('focusin', function () {
    if (!now || now.pinned) return;
    now.paused = true;
    clearTimeout(timer);
  });
  box.addEventListener('focusout', function (e) {
    if (!now || now.pinned || box.contains(e.relatedTarget)) return;
    now.paused = false;
    now.endsAt = Math.max(now.endsAt, Date.now() + 3000);
    clearTimeout(timer);
    timer = setTimeout(next, now.endsAt - Date.now());
  });

  function next() {
    clearTimeout(timer);
    const focusHere = box.contains(document.activeElement);
    now = null;
    clear(box);
    let t = queue.shift();
    while (t && outdated(t)) t = queue.shift();
    if (t) show(t); else makeRoom();
    if (focusHere) {
      const again = box.querySelector('button');
      if (again) again.focus(); else main.focus();
    }
  }

  // The content can scroll clear of the toast: room at the page's end, its height.
  function makeRoom() {
    const height = now ? box.offsetHeight : 0;
    document.body.classList.toggle('has-toast', !!now);
    document.documentElement.style.setProperty('--toast-h', height + 'px');
  }

  // The screen was redrawn from fresher data: news it already shows goes away.
  function dropStale() {
    for (let i = queue.length - 1; i >= 0; i--) if (outdated(queue[i])) queue.splice(i, 1);
    if (now && now.stale && outdated(now)) next();
  }

  keepRoom();

  return { toast: toast, remember: remember, recently: recently, dropStale: dropStale, current: function () { return now; } };
}

// Enlarged text (RGAA 10.4): the fixed bars grow with it. The room kept under the page and
// the toasts' place follow the tab bar's and the « Prochaine mission » bar's real heights
// (--tabbar-room, --next-room: player.css A11Y block); when the bars would take more than
// half the screen, the top bar scrolls away with the page (html.a11y-tall-bars).
function keepRoom() {
  if (typeof ResizeObserver !== 'function') return;
  const root = document.documentElement;
  function height(el) { return el && !el.hidden ? Math.ceil(el.getBoundingClientRect().height) : 0; }
  function measure() {
    const bar = document.getElementById('tabbar');
    const tabs = height(bar && bar.firstElementChild);
    const nextBar = document.querySelector('.next-bar');
    if (nextBar && !nextBar.dataset.watched) { nextBar.dataset.watched = '1'; watch.observe(nextBar); }
    const next = height(nextBar);
    if (tabs) root.style.setProperty('--tabbar-room', tabs + 'px');
    if (next) root.style.setProperty('--next-room', next + 'px');
    const top = height(document.getElementById('topbar'));
    // (a phone widens its layout viewport when something overflows: the screen's own height)
    const screenH = Math.min(window.innerHeight, (window.screen && window.screen.height) || window.innerHeight);
    root.classList.toggle('a11y-tall-bars', top + next + tabs > screenH / 2);
  }
  const watch = new ResizeObserver(measure);
  ['tabbar', 'topbar'].forEach(function (id) { const el = document.getElementById(id); if (el) watch.observe(el); });
  watch.observe(document.body); // a « Prochaine mission » bar that comes or goes
  window.addEventListener('resize', measure);
}
