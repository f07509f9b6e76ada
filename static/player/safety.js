// The safety net on the phone (README, « The safety net »): the numbers that help now,
// shown at once, in plain kind words, after an urgent answer of the self-diagnosis
// (showHelp) or when the team of facilitators flagged one of the young person's written
// answers (checkHelp / the live « help » message). Shown to this phone only: nothing
// goes to the team. Each number is a tel: link; « gratuit » only where it is true
// (content/helplines.yaml).
import { h } from '/static/shared/dom.js';

let open = null; // the box on screen, if any

const WORDS = {
  diagnosis: {
    title: 'Merci de l\u2019avoir dit',
    lines: [
      'Ce que tu vis compte. Tu n\u2019as pas à rester seul ou seule avec ça.',
      'Si tu as besoin d\u2019aide maintenant, tu peux appeler :',
    ],
    after: 'On prévient aussi ton conseiller ou ta conseillère de la Mission Locale. Quelqu\u2019un va venir te parler, sans te juger. Personne d\u2019autre dans le groupe ne le saura.',
  },
  flag: {
    title: 'Un mot de l\u2019équipe d\u2019animation',
    lines: [
      'Nous avons lu ta réponse. Nous voulons juste savoir si tu vas bien.',
      'Si tu as envie de parler à quelqu\u2019un, ces numéros sont là pour toi :',
    ],
    after: 'Quelqu\u2019un de l\u2019équipe va aussi venir te voir. Personne d\u2019autre dans le groupe ne le sait.',
  },
};

/**
 * showHelp(helplines, kind, onClose) — helplines: [{name, number, when, hours, free}];
 * kind: 'diagnosis' | 'flag'. Does nothing without a number.
 */
export function showHelp(helplines, kind, onClose) {
  if (!helplines || !helplines.length) return;
  close();
  const words = WORDS[kind] || WORDS.diagnosis;
  const back = document.activeElement;
  const heading = h('h1', { id: 'help-title', class: 'screen-title', tabindex: '-1' }, words.title);
  const box = h('div', {
    class: 'help-overlay', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'help-title', testid: 'urgent-help',
  },
  h('div', { class: 'help-box' },
    heading,
    words.lines.map(function (line) { return h('p', null, line); }),
    h('ul', { class: 'help-list' }, helplines.map(line)),
    h('p', null, words.after),
    h('button', {
      type: 'button', class: 'btn btn-big btn-block', testid: 'urgent-help-close',
      onclick: function () { close(); if (onClose) onClose(); if (back && back.focus) back.focus(); },
    }, 'J\u2019ai compris')));
  box.addEventListener('keydown', function (e) { if (e.key === 'Escape') box.querySelector('[data-testid="urgent-help-close"]').click(); });
  document.body.appendChild(box);
  open = box;
  heading.focus();
}

function line(helpline) {
  const dial = String(helpline.number).replace(/[^0-9+]/g, '');
  return h('li', { class: 'panel help-line', testid: 'urgent-help-' + dial },
    h('p', { class: 'panel-title' }, helpline.name),
    h('a', { href: 'tel:' + dial, class: 'btn btn-block help-call' }, 'Appeler le ' + helpline.number),
    h('p', null, helpline.when),
    h('p', { class: 'muted' }, helpline.hours + (helpline.free ? ' Appel gratuit.' : '')));
}

function close() {
  if (open) open.remove();
  open = null;
}

/** The numbers a facilitator sent this phone (REST at start, or the live « help »). */
export function showPrivateHelp(api, data) {
  if (!data || !data.helplines || !data.helplines.length) return;
  showHelp(data.helplines, 'flag', function () {
    api.post('/api/me/help/read', {}).catch(function () { /* shown again next time: no harm */ });
  });
}

export async function checkHelp(api) {
  try {
    showPrivateHelp(api, await api.get('/api/me/help'));
  } catch (e) { /* the game goes on; the live message or the next start shows it */ }
}
