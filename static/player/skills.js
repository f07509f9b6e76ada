// « Mes compétences » (#/competences): the end-of-day questions in the young person's
// own words, the agreement to receive Open Badges (e-mail optional, only its
// fingerprint is kept), and the badges received with everything to share them.
import { h, clear, formatDate, saveBlob } from '/static/shared/dom.js';

/**
 * renderSkills(container, ctx) — ctx: api, announce, backLink
 */
export async function renderSkills(container, ctx) {
  const section = h('section', { class: 'screen skills', testid: 'skills' },
    ctx.backLink('#/bilan', 'Bilan'),
    h('h1', { tabindex: '-1', class: 'screen-title' }, 'Mes compétences'));
  const reflections = h('div', { testid: 'reflections' });
  const consent = h('div', { testid: 'badge-consent' });
  const badges = h('div', { testid: 'my-badges' });
  section.appendChild(h('p', null, 'Ce que tu fais dans le jeu montre des compétences. L\u2019équipe d\u2019animation peut les reconnaître par des badges numériques (Open Badges) que tu pourras montrer à un employeur.'));
  const takeaway = h('div', { testid: 'takeaway' });
  section.appendChild(takeaway);
  section.appendChild(badges);
  section.appendChild(reflections);
  section.appendChild(consent);
  container.appendChild(section);
  let prompts = [];
  let agreement = null;
  let mine = null;
  let fresh = null; // the id of a badge issued while this screen is open, shown as new
  try {
    const res = await Promise.all([ctx.api.get('/api/me/reflections'), ctx.api.get('/api/me/badges/consent'), ctx.api.get('/api/me/badges')]);
    prompts = res[0]; agreement = res[1]; mine = res[2];
  } catch (e) {
    section.appendChild(h('p', { class: 'msg msg-error', role: 'alert' }, e.message));
    return;
  }
  drawBadges();
  drawReflections();
  drawConsent();
  drawTakeaway();

  // A facilitator issued or revoked one of my badges (static/player/app.js, onBadge): the
  // list comes again from the server, the rest of the screen (what is typed) stays.
  async function onBadge(ev) {
    if (!section.isConnected) { window.removeEventListener('eclats:badges', onBadge); return; }
    try { mine = await ctx.api.get('/api/me/badges'); } catch (e) { return; }
    fresh = ev.detail && ev.detail.type === 'issued' ? ev.detail.id : null;
    drawBadges();
  }
  window.addEventListener('eclats:badges', onBadge);

  async function drawTakeaway() {
    let sub;
    try { sub = await ctx.api.get('/api/me/recap-email'); } catch (e) { sub = null; }
    clear(takeaway);
    takeaway.appendChild(h('h2', null, 'Mon carnet de parcours'));
    takeaway.appendChild(h('p', null, 'Tout ce que tu as découvert, à qui t\u2019adresser, ton diagnostic, ton rendez-vous et tes badges, dans un PDF à garder.'));
    takeaway.appendChild(h('p', null, h('a', { class: 'btn btn-secondary btn-block', href: '#', testid: 'booklet-download', onclick: function (ev) {
      ev.preventDefault(); download('/api/me/booklet.pdf', 'carnet-de-parcours.pdf');
    } }, 'Télécharger mon carnet (PDF)')));
    if (!sub || !sub.available) return;
    const out = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'recap-email-msg' });
    if (sub.subscribed) {
      takeaway.appendChild(h('p', { testid: 'recap-email-on' }, 'Tu reçois ton bilan chaque soir à ' + sub.email + '.'));
      takeaway.appendChild(h('button', { type: 'button', class: 'btn btn-secondary', testid: 'recap-email-off', onclick: async function () {
        try { await ctx.api.del('/api/me/recap-email'); drawTakeaway(); } catch (e) { out.textContent = e.message; }
      } }, 'Ne plus recevoir mon bilan par e-mail'), out);
      return;
    }
    const email = h('input', { id: 'recap-email', type: 'email', autocomplete: 'email', testid: 'recap-email' });
    const form = h('form', { class: 'stack', novalidate: true },
      h('label', { for: 'recap-email' }, 'Recevoir mon bilan chaque soir par e-mail (facultatif)'),
      h('p', { class: 'field-help' }, 'Ton adresse sert seulement à ça. Tu peux arrêter quand tu veux.'),
      email, h('button', { type: 'submit', class: 'btn btn-secondary', testid: 'recap-email-submit' }, 'Recevoir mon bilan'), out);
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      try { await ctx.api.put('/api/me/recap-email', { email: email.value.trim() }); drawTakeaway(); } catch (e) { out.textContent = e.message; }
    });
    takeaway.appendChild(form);
  }

  async function download(path, name) {
    try { saveBlob(await ctx.api.blob(path), name); } catch (e) { ctx.announce(e.message); }
  }

  function drawBadges() {
    clear(badges);
    badges.appendChild(h('h2', null, 'Mes badges'));
    if (!mine.badges.length) {
      badges.appendChild(h('p', { class: 'muted', testid: 'no-badges' }, 'Pas encore de badge. Continue à jouer : l\u2019équipe d\u2019animation regarde ce que tu fais et ce que tu écris ci-dessous.'));
      return;
    }
    badges.appendChild(h('ul', { class: 'badge-list' }, mine.badges.map(function (b) {
      const state = b.revoked ? 'Retiré' : (b.expired ? 'Expiré' : 'Valide');
      return h('li', { class: 'card badge-card' + (b.id === fresh ? ' is-new' : ''), testid: 'badge-' + b.id, 'data-state': state },
        h('img', { src: b.links.png, alt: '', width: '96', height: '96', loading: 'lazy' }),
        h('div', null,
          h('p', { class: 'badge-name' }, b.name),
          h('p', { class: 'muted' }, b.category + ' · ' + formatDate(b.issued_at) + ' · ' + state),
          b.level ? h('p', { class: 'muted', testid: 'badge-level-' + b.id }, b.level) : null,
          b.revoked ? null : h('ul', { class: 'badge-links' },
            h('li', null, h('a', { href: b.links.page, testid: 'badge-page-' + b.id }, 'Page publique du badge')),
            h('li', null, h('a', { href: b.links.linkedin, rel: 'noopener', target: '_blank' }, 'Ajouter à mon profil LinkedIn')),
            h('li', null, h('a', { href: b.links.png, download: '' }, 'Image du badge (PNG)'), ' · ', h('a', { href: b.links.svg, download: '' }, 'SVG')),
            h('li', null, h('a', { href: b.links.credential, download: '' }, 'Fichier du badge (JSON)')))));
    })));
    badges.appendChild(h('p', null, h('a', { class: 'btn btn-secondary btn-block', href: '#', testid: 'cv-download', onclick: downloadCv }, 'Télécharger mon CV compétences (PDF)')));
  }

  function downloadCv(ev) {
    ev.preventDefault();
    download('/api/me/cv.pdf', 'cv-competences.pdf');
  }

  function drawReflections() {
    clear(reflections);
    reflections.appendChild(h('h2', null, 'Mes mots sur mes journées'));
    if (!prompts.length) {
      reflections.appendChild(h('p', { class: 'muted' }, 'À la fin de certaines journées, quelques questions t\u2019attendront ici.'));
      return;
    }
    prompts.forEach(function (p) {
      const id = 'refl-' + p.day + '-' + p.index;
      const area = h('textarea', { id: id, rows: '3', maxlength: '1000', testid: id, value: p.answer || '' });
      const out = h('p', { class: 'form-msg', 'aria-live': 'polite' });
      const form = h('form', { class: 'reflection', novalidate: true },
        h('label', { for: id }, 'Jour ' + p.day + ' — ' + p.question), area,
        h('button', { type: 'submit', class: 'btn btn-secondary', testid: id + '-save' }, p.answer ? 'Modifier' : 'Enregistrer'), out);
      form.addEventListener('submit', async function (ev) {
        ev.preventDefault();
        if (!area.value.trim()) { out.textContent = 'Écris au moins quelques mots.'; return; }
        try {
          await ctx.api.put('/api/me/reflections/' + p.day + '/' + p.index, { text: area.value });
          out.textContent = 'Enregistré.';
        } catch (e) { out.textContent = e.message; }
      });
      reflections.appendChild(form);
    });
  }

  function drawConsent() {
    clear(consent);
    consent.appendChild(h('h2', null, 'Recevoir des badges'));
    consent.appendChild(h('p', null, 'Un badge porte ton pseudo et la compétence reconnue. Il a une page publique que tu choisis de partager (ou pas).'));
    if (agreement.consented) {
      consent.appendChild(h('p', { class: 'msg msg-ok', testid: 'consent-given' }, 'Tu as accepté de recevoir des badges' + (agreement.with_email ? ', liés à ton adresse e-mail.' : '.')));
      consent.appendChild(h('button', { type: 'button', class: 'btn btn-secondary', testid: 'consent-withdraw', onclick: function () { save(false, null); } }, 'Je ne veux plus de nouveaux badges'));
      return;
    }
    const email = h('input', { id: 'consent-email', type: 'email', autocomplete: 'email', testid: 'consent-email' });
    const form = h('form', { class: 'stack', novalidate: true },
      h('label', { for: 'consent-email' }, 'Ton e-mail (facultatif)'),
      h('p', { class: 'field-help' }, 'Si tu le donnes, un employeur qui connaît ton adresse pourra vérifier que le badge est bien à toi. On ne garde pas ton adresse : seulement une empreinte (un code calculé à partir d\u2019elle).'),
      email,
      h('button', { type: 'submit', class: 'btn btn-block', testid: 'consent-submit' }, 'J\u2019accepte de recevoir des badges'));
    form.addEventListener('submit', function (ev) { ev.preventDefault(); save(true, email.value.trim() || null); });
    consent.appendChild(form);
  }

  async function save(agree, address) {
    try {
      agreement = await ctx.api.put('/api/me/badges/consent', { agree: agree, email: address });
      ctx.announce(agree ? 'Accord enregistré.' : 'C\u2019est noté : plus de nouveaux badges.');
      drawConsent();
    } catch (e) {
      consent.appendChild(h('p', { class: 'msg msg-error', role: 'alert', testid: 'consent-error' }, e.message));
    }
  }
}
