// Console: the session in views (Live · Réponses · Équipes · Lieux · Rendez-vous ·
// Compétences · Rapport). Real ARIA tabs (arrow keys, Home, End); every panel stays
// mounted (hidden), so live news keeps reaching it and what was typed survives a switch.
// The open view is kept in the address (#/session/12/reponses) with replaceState: a
// reload comes back to it, and « Précédent » leaves the session, not the last tab.
import { h } from '/static/shared/dom.js';

export const VIEWS = [
  { key: 'live', label: 'Live' },
  { key: 'reponses', label: 'Réponses' },
  { key: 'equipes', label: 'Équipes' },
  { key: 'lieux', label: 'Lieux' },
  { key: 'rdv', label: 'Rendez-vous' },
  { key: 'competences', label: 'Compétences' },
  { key: 'rapport', label: 'Rapport' },
];

/** The view named in the address (#/session/<id>/<view>), or null. */
export function viewInHash() {
  const parts = location.hash.replace(/^#\/?/, '').split('/');
  const key = parts[0] === 'session' ? parts[2] : null;
  return VIEWS.some(function (v) { return v.key === key; }) ? key : null;
}

/**
 * mountViews(host, ctx) → {panel(key), show(key, focusTab), recount(), destroy()}
 * ctx: sessionId, counts: {key: () → number} (what needs action in each view), start: key
 */
export function mountViews(host, ctx) {
  const tabs = {};
  const panels = {};
  const counts = {};
  const list = h('div', { class: 'view-tabs', role: 'tablist', 'aria-label': 'Vues de la session', testid: 'view-tabs' });
  const body = h('div', { class: 'view-panels' });
  let current = null;
  VIEWS.forEach(function (v) {
    counts[v.key] = h('span', { class: 'view-count', testid: 'view-count-' + v.key, hidden: true });
    tabs[v.key] = h('button', {
      type: 'button', role: 'tab', id: 'view-tab-' + v.key, testid: 'view-tab-' + v.key, class: 'view-tab',
      'aria-controls': 'view-' + v.key, 'aria-selected': 'false', tabindex: '-1',
      onclick: function () { show(v.key, false); },
    }, v.label, counts[v.key]);
    panels[v.key] = h('div', { role: 'tabpanel', id: 'view-' + v.key, testid: 'view-' + v.key, class: 'view view-' + v.key, 'aria-labelledby': 'view-tab-' + v.key, tabindex: '-1', hidden: true });
    list.appendChild(tabs[v.key]);
    body.appendChild(panels[v.key]);
  });
  list.addEventListener('keydown', function (ev) {
    const keys = VIEWS.map(function (v) { return v.key; });
    let i = keys.indexOf(current);
    if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') i = (i + 1) % keys.length;
    else if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') i = (i - 1 + keys.length) % keys.length;
    else if (ev.key === 'Home') i = 0;
    else if (ev.key === 'End') i = keys.length - 1;
    else return;
    ev.preventDefault();
    show(keys[i], true);
  });
  host.appendChild(list);
  host.appendChild(body);

  function show(key, focusTab) {
    if (!panels[key]) key = 'live';
    current = key;
    VIEWS.forEach(function (v) {
      const on = v.key === key;
      tabs[v.key].setAttribute('aria-selected', on ? 'true' : 'false');
      tabs[v.key].setAttribute('tabindex', on ? '0' : '-1');
      panels[v.key].hidden = !on;
    });
    if (focusTab) tabs[key].focus();
    const want = '#/session/' + ctx.sessionId + '/' + key;
    if (location.hash !== want) history.replaceState(null, '', want);
    if (ctx.onShow) ctx.onShow(key);
  }

  // what needs action, as text a screen reader reads with the tab's name: « Réponses, 3 à traiter »
  function recount() {
    VIEWS.forEach(function (v) {
      const fn = ctx.counts[v.key];
      const n = fn ? fn() || 0 : 0;
      const el = counts[v.key];
      if (el.getAttribute('data-count') === String(n)) return;
      el.setAttribute('data-count', String(n));
      el.hidden = !n;
      // the name a screen reader gives the tab, starting with the visible words (WCAG 2.5.3)
      tabs[v.key].setAttribute('aria-label', v.label + (n ? ', ' + n + ' à traiter' : ''));
      el.textContent = '';
      if (n) {
        el.appendChild(h('span', { class: 'visually-hidden' }, ', '));
        el.appendChild(document.createTextNode(String(n)));
        el.appendChild(h('span', { class: 'visually-hidden' }, ' à traiter'));
      }
    });
  }

  // recount when anything in the panels changes (live events redraw them), at most every 100 ms
  let timer = null;
  const observer = new MutationObserver(function () {
    if (timer) return;
    timer = setTimeout(function () { timer = null; recount(); }, 100);
  });
  observer.observe(body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-state', 'data-booked', 'data-ready'] });
  show(ctx.start || 'live', false);
  recount();

  return {
    panel: function (key) { return panels[key]; },
    show: show,
    current: function () { return current; },
    recount: recount,
    destroy: function () { observer.disconnect(); clearTimeout(timer); },
  };
}
