// « Mon diagnostic » (#/diagnostic): a short, playful self-diagnosis in the spirit of
// L'INSTANT T, taken on day 1 and again on day 10. One question per screen, one tap per
// answer, a funnel: a family's follow-up questions appear only when its first answer
// shows a need (the server marks those answers `opens_follow_ups` and checks the round
// with the same rule). Then the priorities as progress bars, day 1 beside day 10 once
// both exist, the offers put forward "pour toi en priorité", the result as a PDF and,
// if the young person asks, by e-mail.
import { h, clear, saveBlob } from '/static/shared/dom.js';
import { showHelp } from '/static/player/safety.js';

/**
 * renderDiagnosis(container, ctx) — ctx: api, announce, backLink
 */
export async function renderDiagnosis(container, ctx) {
  document.title = 'Mon diagnostic · Éclats';
  const section = h('section', { class: 'screen diagnosis', testid: 'diagnosis' });
  const body = h('div', { class: 'diagnosis-body' });
  section.appendChild(ctx.backLink('#/bilan', 'Bilan'));
  section.appendChild(body);
  container.appendChild(section);
  body.appendChild(h('p', { class: 'loading', role: 'status' }, 'Chargement…'));

  let data = null;
  try {
    data = await ctx.api.get('/api/me/diagnosis');
  } catch (e) {
    clear(body).appendChild(errorBox(e.message));
    return;
  }
  if (!section.isConnected) return; // another screen took over meanwhile

  // the answers being given, question id → choice index (prefilled when re-taking)
  let chosen = {};
  let step = 0;
  let sending = false;

  start();

  function start() {
    if (!data.available) {
      draw(title('Mon diagnostic'), h('p', { testid: 'diagnosis-unavailable' }, 'Pas de diagnostic dans cette partie.'));
    } else if (data.round == null) {
      draw(title('Mon diagnostic'),
        h('p', { testid: 'diagnosis-closed' }, 'Ton diagnostic s\u2019ouvre le jour 1 : reviens quand la mission commence !'));
    } else if (data.taken) {
      drawResults();
    } else {
      drawIntro();
    }
  }

  function draw() {
    clear(body);
    for (let i = 0; i < arguments.length; i++) if (arguments[i]) body.appendChild(arguments[i]);
    const t = body.querySelector('h1');
    if (t) t.focus();
    window.scrollTo(0, 0);
  }

  function title(text, extra) {
    return h('h1', Object.assign({ tabindex: '-1', class: 'screen-title' }, extra || {}), text);
  }

  function anyTaken() {
    return data.results.rounds.some(function (r) { return r.taken; });
  }

  // ------------------------------------------------------------ intro

  function drawIntro() {
    const n = families().length;
    const again = data.round > 1 && data.results.rounds[0] && data.results.rounds[0].taken;
    draw(
      h('p', { class: 'eyebrow' }, 'Jour ' + data.round),
      title('Mon diagnostic'),
      h('div', { class: 'panel', testid: 'diagnosis-intro' },
        h('p', null, again
          ? 'Tu l\u2019as fait le jour 1. Refais-le maintenant pour voir ce qui a changé pour toi en 10 jours.'
          : 'Avant de partir en mission, fais le point sur toi : ' + n + ' thèmes, environ 5 minutes.'),
        h('p', null, 'Si un thème te concerne, quelques questions de plus s\u2019affichent.'),
        h('p', null, 'Pas de bonne ou de mauvaise réponse : c\u2019est toi qui dis ce qui compte pour toi en ce moment.'),
        h('p', { class: 'muted' }, 'Tes réponses restent entre toi, l\u2019équipe d\u2019animation et ta conseillère ou ton conseiller. Elles servent à te montrer d\u2019abord les offres qui peuvent t\u2019aider.')),
      h('button', { type: 'button', class: 'btn btn-big btn-block', testid: 'diagnosis-start', onclick: begin }, 'C\u2019est parti !'),
      anyTaken() ? h('p', null, h('button', { type: 'button', class: 'btn btn-secondary btn-block', testid: 'diagnosis-see-results', onclick: drawResults }, 'Voir mes résultats')) : null);
  }

  function begin() {
    chosen = {};
    (data.answers || []).forEach(function (a) { chosen[a.question_id] = a.choice; });
    step = 0;
    drawQuestion();
  }

  // ------------------------------------------------------------ questions

  // the questions to ask given the answers so far: a family's follow-ups only once its
  // first question was answered with a choice that opens them (the server's rule)
  function asked() {
    const opened = {};
    families().forEach(function (f) {
      const first = f.first;
      const c = chosen[first.id];
      opened[f.id] = c != null && first.choices.some(function (x) { return x.index === c && x.opens_follow_ups; });
    });
    return data.questions.filter(function (q) { return !q.follow_up || opened[q.family]; });
  }

  // the families in the diagnosis's order, each with its first question
  function families() {
    const out = [];
    data.questions.forEach(function (q) {
      if (!out.some(function (f) { return f.id === q.family; })) out.push({ id: q.family, name: q.family_name, first: q });
    });
    return out;
  }

  function drawQuestion() {
    const list = asked();
    const q = list[step];
    const fams = families();
    const famIndex = fams.findIndex(function (f) { return f.id === q.family; });
    const inFamily = list.filter(function (x) { return x.family === q.family; });
    const famStep = inFamily.indexOf(q);
    const headingId = 'diag-q-' + q.id;
    const stepId = 'diag-step';
    const famStepId = 'diag-family-step';
    const choices = h('div', { class: 'diagnosis-choices', role: 'group', 'aria-labelledby': headingId },
      q.choices.map(function (c) {
        const picked = chosen[q.id] === c.index;
        return h('button', {
          type: 'button',
          class: 'choice-btn' + (picked ? ' is-picked' : ''),
          'aria-pressed': picked ? 'true' : 'false',
          testid: 'diagnosis-choice-' + c.index,
          onclick: function () { pick(q, c.index); },
        }, picked ? h('span', { 'aria-hidden': 'true' }, '\u2713 ') : null, c.text);
      }));
    draw(
      h('p', { class: 'eyebrow', testid: 'diagnosis-family' }, q.family_name),
      h('div', { class: 'lock-progress' },
        h('p', { id: stepId, class: 'lock-progress-text', testid: 'diagnosis-step' }, 'Thème ' + (famIndex + 1) + ' sur ' + fams.length),
        h('div', { class: 'diagnosis-families', role: 'progressbar', 'aria-labelledby': stepId, 'aria-valuemin': '0', 'aria-valuemax': String(fams.length), 'aria-valuenow': String(famIndex + 1), testid: 'diagnosis-families' },
          fams.map(function (f, i) {
            return h('span', { class: i < famIndex ? 'is-done' : (i === famIndex ? 'is-current' : null) });
          })),
        inFamily.length > 1 ? h('p', { id: famStepId, class: 'diagnosis-family-step', testid: 'diagnosis-family-step' }, 'Question ' + (famStep + 1) + ' sur ' + inFamily.length + ' de ce thème') : null,
        inFamily.length > 1 ? h('div', { class: 'bar', role: 'progressbar', 'aria-labelledby': famStepId, 'aria-valuemin': '0', 'aria-valuemax': String(inFamily.length), 'aria-valuenow': String(famStep + 1) },
          h('span', { style: 'width:' + Math.round(100 * (famStep + 1) / inFamily.length) + '%' })) : null),
      title(q.text, { id: headingId, testid: 'diagnosis-question' }),
      choices,
      h('button', { type: 'button', class: 'btn btn-secondary btn-block', testid: 'diagnosis-prev', onclick: back },
        step > 0 ? 'Question précédente' : 'Revenir au début'));
  }

  function pick(q, index) {
    chosen[q.id] = index;
    if (step + 1 < asked().length) {
      step += 1;
      drawQuestion();
    } else {
      drawReview();
    }
  }

  function back() {
    if (step > 0) { step -= 1; drawQuestion(); } else { drawIntro(); }
  }

  // ------------------------------------------------------------ sending

  function drawReview() {
    const out = h('div', { 'aria-live': 'polite' });
    draw(
      title('C\u2019est fini !'),
      h('p', null, 'Tu as répondu aux ' + asked().length + ' questions. Bravo !'),
      h('button', { type: 'button', class: 'btn btn-big btn-block', testid: 'diagnosis-submit', onclick: function () { send(out); } }, 'Voir mes priorités'),
      h('p', null, h('button', { type: 'button', class: 'btn btn-secondary btn-block', testid: 'diagnosis-review', onclick: function () { step = asked().length - 1; drawQuestion(); } }, 'Revoir mes réponses')),
      out);
  }

  async function send(out) {
    if (sending) return;
    sending = true;
    clear(out).appendChild(h('p', { class: 'muted', role: 'status' }, 'Envoi…'));
    const answers = asked().map(function (q) { return { question_id: q.id, choice: chosen[q.id] }; });
    try {
      const results = await ctx.api.put('/api/me/diagnosis/' + data.round, { answers: answers });
      data.results = results;
      data.taken = true;
      data.answers = answers;
      ctx.announce('Réponses enregistrées. Voici tes priorités.');
      drawResults();
      showHelp(results.urgent_help, 'diagnosis'); // an urgent answer: the numbers that help now, at once
    } catch (e) {
      clear(out).appendChild(errorBox(e.message));
    } finally {
      sending = false;
    }
  }

  // ------------------------------------------------------------ results

  function drawResults() {
    const r = data.results;
    const both = r.comparison.length > 0;
    const latest = r.rounds.filter(function (x) { return x.round === r.based_on_round; })[0];
    const parts = [
      title('Mes priorités'),
      h('p', null, 'Plus la barre est longue, plus c\u2019est important pour toi en ce moment. Parles-en avec ta conseillère ou ton conseiller : c\u2019est un bon point de départ.'),
    ];
    if (both) parts.push(comparison(r.comparison));
    else if (latest) parts.push(single(latest));
    parts.push(priorityOffers(r.priority_offers));
    if (latest) parts.push(takeAway());
    if (data.round === 1 && !both) {
      parts.push(h('p', { class: 'muted', testid: 'diagnosis-next-round' }, 'Le jour 10, tu refais le diagnostic pour voir ce qui a changé.'));
    }
    if (data.round != null) {
      const open = r.rounds.filter(function (x) { return x.round === data.round; })[0];
      parts.push(h('p', null, h('button', { type: 'button', class: 'btn btn-secondary btn-block', testid: 'diagnosis-retake', onclick: data.taken ? begin : drawIntro },
        open && open.taken ? 'Refaire mon diagnostic' : 'Faire le diagnostic du jour ' + data.round)));
    }
    draw.apply(null, parts);
  }

  function single(round) {
    return h('div', { testid: 'diagnosis-results', 'data-rounds': String(round.round) },
      h('h2', null, 'Jour ' + round.round),
      h('ul', { class: 'recap-offers diagnosis-list' }, round.priorities.map(function (p) {
        return h('li', { class: 'card', testid: 'diagnosis-family-' + p.family },
          h('h3', null, p.name),
          bar('diag-' + p.family + '-' + round.round, 'Jour ' + round.round, p.priority, 'diagnosis-bar-' + p.family + '-' + round.round));
      })));
  }

  function comparison(changes) {
    return h('div', { testid: 'diagnosis-results', 'data-rounds': '1 10' },
      h('h2', null, 'Jour 1 \u2192 jour 10'),
      h('p', { class: 'muted' }, 'Ce qui a changé depuis le premier jour.'),
      h('ul', { class: 'recap-offers diagnosis-list' }, changes.map(function (c) {
        return h('li', { class: 'card', testid: 'diagnosis-family-' + c.family },
          h('h3', null, c.name),
          bar('diag-' + c.family + '-1', 'Jour 1', c.before, 'diagnosis-bar-' + c.family + '-1'),
          bar('diag-' + c.family + '-10', 'Jour 10', c.after, 'diagnosis-bar-' + c.family + '-10'),
          h('p', { class: c.change < 0 ? 'ok-mark' : null, testid: 'diagnosis-change-' + c.family, 'data-change': String(c.change) }, changeText(c.change)));
      })));
  }

  function changeText(change) {
    if (change < 0) return '\u2193 ' + (-change) + ' points : ce besoin a baissé, ça avance !';
    if (change > 0) return '\u2191 ' + change + ' points : parles-en à ta conseillère ou ton conseiller.';
    return 'Pareil qu\u2019au jour 1.';
  }

  function bar(id, label, value, testid) {
    const labelId = id + '-label';
    const word = level(value);
    return h('div', { class: 'diagnosis-bar' },
      h('p', { id: labelId, class: 'diagnosis-bar-label' }, label + ' : ', h('strong', null, value + ' %'), ' · ' + word),
      h('div', {
        class: 'bar bar-big',
        role: 'progressbar',
        'aria-labelledby': labelId,
        'aria-valuemin': '0',
        'aria-valuemax': '100',
        'aria-valuenow': String(value),
        'aria-valuetext': value + ' %, ' + word,
        testid: testid,
      }, h('span', { style: 'width:' + value + '%' })));
  }

  function level(value) {
    if (value >= 67) return 'priorité forte';
    if (value >= 34) return 'à regarder';
    if (value > 0) return 'un petit besoin';
    return 'pas de besoin';
  }

  function priorityOffers(offers) {
    const box = h('div', { class: 'diagnosis-offers' }, h('h2', null, 'Pour toi en priorité'));
    if (!offers.length) {
      box.appendChild(h('p', { class: 'muted', testid: 'diagnosis-no-priority' }, 'Aucun besoin ne ressort fort pour l\u2019instant. Toutes les offres t\u2019attendent dans l\u2019onglet Offres.'));
      return box;
    }
    box.appendChild(h('p', null, 'Ces offres de la Mission Locale peuvent t\u2019aider sur ce qui compte le plus pour toi :'));
    box.appendChild(h('ul', { class: 'recap-offers diagnosis-offer-list', testid: 'diagnosis-priority-offers' }, offers.map(function (o) {
      return h('li', null, h('a', { href: '#/offre/' + encodeURIComponent(o.id), class: 'btn btn-secondary btn-block', testid: 'diagnosis-offer-' + o.id },
        h('span', null, o.title, h('span', { class: 'muted' }, ' · ' + o.family_name))));
    })));
    return box;
  }

  // ------------------------------------------------------------ the result to keep

  function takeAway() {
    const out = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'diagnosis-pdf-msg' });
    const box = h('div', { class: 'diagnosis-takeaway panel', testid: 'diagnosis-takeaway' },
      h('h2', null, 'Garder mon résultat'),
      h('button', { type: 'button', class: 'btn btn-secondary btn-block', testid: 'diagnosis-pdf', onclick: async function () {
        out.textContent = 'Préparation du PDF…';
        try { saveBlob(await ctx.api.blob('/api/me/diagnosis.pdf'), 'mon-diagnostic.pdf'); out.textContent = 'Ton PDF est téléchargé.'; } catch (e) { out.textContent = e.message; }
      } }, 'Recevoir mon résultat en PDF'),
      out);
    if (data.email_available) box.appendChild(emailForm());
    return box;
  }

  function emailForm() {
    const msg = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'diagnosis-email-msg' });
    const email = h('input', { id: 'diagnosis-email', type: 'email', autocomplete: 'email', 'aria-describedby': 'diagnosis-email-help', testid: 'diagnosis-email' });
    const button = h('button', { type: 'submit', class: 'btn btn-secondary', testid: 'diagnosis-email-send' }, 'Envoyer');
    const form = h('form', { class: 'stack diagnosis-email', novalidate: true, hidden: true },
      h('label', { for: 'diagnosis-email' }, 'Ton adresse e-mail'),
      h('p', { id: 'diagnosis-email-help', class: 'field-help' }, 'Elle sert seulement à cet envoi. Elle n\u2019est pas gardée.'),
      email, button, msg);
    const open = h('button', { type: 'button', class: 'btn btn-secondary btn-block', 'aria-expanded': 'false', testid: 'diagnosis-email-open', onclick: function () {
      form.hidden = false;
      open.setAttribute('aria-expanded', 'true');
      email.focus();
    } }, 'Recevoir mon résultat par e-mail');
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      msg.textContent = 'Envoi…';
      try {
        await ctx.api.post('/api/me/diagnosis/email', { email: email.value.trim() });
        email.value = '';
        msg.textContent = 'C\u2019est envoyé ! Regarde ta boîte mail (et les spams).';
      } catch (e) {
        msg.textContent = e.message;
      } finally {
        button.disabled = false;
      }
    });
    return h('div', null, open, form);
  }

  function errorBox(message) {
    return h('p', { class: 'msg msg-error', role: 'alert', testid: 'diagnosis-error' }, message);
  }
}
