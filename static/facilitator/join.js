// Console, « Live » view: joining the session — the code, the QR code, the link, « Plein
// écran », closing to newcomers, a new code, the excluded phones (moved out of console.js).
import { h } from '/static/shared/dom.js';
import { c } from '/static/facilitator/ctx.js';

export function drawJoin(el) {
  const d = c.state.detail;
  const qr = '/api/join/' + encodeURIComponent(d.join_code) + '/qr.svg';
  el.appendChild(h('h2', { id: 'join-title' }, 'Rejoindre la session'));
  el.appendChild(h('p', { class: 'join-code-label' }, 'Code à saisir sur le téléphone'));
  el.appendChild(h('p', { class: 'join-code', testid: 'session-join-code' }, d.join_code));
  el.appendChild(h('img', { class: 'join-qr', src: qr, alt: 'QR code du lien pour rejoindre la session', width: '160', height: '160', testid: 'session-qr' }));
  el.appendChild(h('p', { class: 'join-url' }, h('a', { href: d.join_url, testid: 'session-join-url', target: '_blank', rel: 'noopener' }, d.join_url)));
  const copy = h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'copy-join-url', onclick: function () {
    const done = function () { c.announce('Lien copié.'); copy.textContent = 'Lien copié ✓'; setTimeout(function () { copy.textContent = 'Copier le lien'; }, 2000); };
    const fallback = function () {
      // navigator.clipboard only exists on https or localhost
      const ta = h('textarea', { class: 'visually-hidden', 'aria-hidden': 'true' });
      ta.value = d.join_url;
      document.body.appendChild(ta);
      ta.select();
      let ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(ta);
      copy.focus();
      if (ok) done(); else c.announce('Copie impossible : sélectionnez le lien à la main.');
    };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(d.join_url).then(done, fallback);
    else fallback();
  } }, 'Copier le lien');
  el.appendChild(h('div', { class: 'btn-row' },
    h('button', { type: 'button', class: 'btn', testid: 'fullscreen', onclick: function () { c.showProjector(d, qr); } }, 'Plein écran'),
    // the room's big screen: code, QR, leaderboard, live rounds, the Cœur (projector.js)
    h('a', { class: 'btn btn-secondary', href: '/projecteur?session=' + d.id, target: '_blank', rel: 'noopener', testid: 'join-projector' }, 'Écran du projecteur'),
    copy));
  el.appendChild(joiningControls(d));
}

// Keeping people out: a new code (old links and QR codes stop working), the session
// closed to newcomers, and the phones of disconnected players let back in.
function joiningControls(d) {
  const msg = h('p', { class: 'form-msg', role: 'status', testid: 'joining-msg' });
  async function act(promise, done) {
    try { await promise; c.announce(done); await c.refreshSession(); } catch (e) { msg.textContent = e.message; }
  }
  const box = h('div', { class: 'joining', testid: 'joining' },
    h('p', { testid: 'joining-state', 'data-open': d.joining_open ? 'true' : 'false' },
      d.joining_open ? 'Ouverte aux nouveaux joueurs.' : 'Fermée : personne ne peut plus rejoindre avec le code.'),
    h('div', { class: 'btn-row' },
      h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'joining-toggle', onclick: function () {
        act(c.api.put('/api/sessions/' + d.id + '/joining', { open: !d.joining_open }),
          d.joining_open ? 'Session fermée aux nouveaux joueurs.' : 'Session rouverte aux nouveaux joueurs.');
      } }, d.joining_open ? 'Fermer aux nouveaux' : 'Rouvrir aux nouveaux'),
      h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'join-code-change', onclick: function () {
        if (!window.confirm('Changer le code ? L\u2019ancien code, le lien et le QR code ne marcheront plus. Les jeunes déjà inscrits continuent de jouer.')) return;
        act(c.api.post('/api/sessions/' + d.id + '/join-code'), 'Nouveau code affiché.');
      } }, 'Changer le code')),
    d.bans_count ? h('p', { testid: 'bans' }, d.bans_count + (d.bans_count > 1 ? ' téléphones exclus' : ' téléphone exclu') + ' de cette session. ',
      h('button', { type: 'button', class: 'btn-link', testid: 'bans-lift', onclick: async function () {
        try { await c.api.del('/api/sessions/' + d.id + '/bans'); msg.textContent = 'Les téléphones exclus peuvent de nouveau rejoindre.'; c.refreshSession(); } catch (e) { msg.textContent = e.message; }
      } }, 'Les laisser revenir')) : null,
    msg);
  return box;
}
