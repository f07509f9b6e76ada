// A clue lock's documents (issue 14): each phone shows only the cards it holds, drawn
// as real HTML so that a screen reader reads them in order (a heading, the card's
// place among the team's, its text, then its numbered lines: « Ligne 3 : Taux horaire
// brut, 11,88 € »). The code is never sent to the phone: the team finds it by reading
// each other's cards aloud. Styles in player.css (.doc-*), one look per `style`.
import { h } from '/static/shared/dom.js';
import { explained } from '/static/player/glossary.js';

const STYLE_NAMES = {
  payslip: 'Fiche de paie', contract: 'Contrat', ad: 'Annonce', letter: 'Courrier', memo: 'Note', table: 'Tableau',
};

/** One card: <article> with a heading, its text, and a <dl> of numbered lines. */
export function documentCard(doc, headingLevel) {
  const id = 'doc-' + doc.index;
  const rows = (doc.rows || []).map(function (row) {
    return h('div', { class: 'doc-row', testid: 'doc-row' },
      h('dt', null,
        h('span', { class: 'doc-n', 'aria-hidden': 'true' }, String(row.number)),
        h('span', { class: 'visually-hidden' }, 'Ligne ' + row.number + ' : '),
        h('span', { class: 'doc-label' }, explained(row.label))),
      h('dd', null, explained(row.value)));
  });
  return h('article', {
    class: 'doc doc-' + (STYLE_NAMES[doc.style] ? doc.style : 'memo'), 'aria-labelledby': id, testid: 'doc-card',
  },
    h('p', { class: 'doc-kind' }, (STYLE_NAMES[doc.style] || 'Document') + ' \u2014 ',
      h('span', null, 'document ' + doc.index + ' sur ' + doc.total)),
    h(headingLevel || 'h3', { class: 'doc-title', id: id }, doc.title),
    doc.text ? h('p', { class: 'doc-text' }, explained(doc.text)) : null,
    rows.length ? h('dl', { class: 'doc-rows' }, rows) : null);
}

/** The cards this phone holds, with a line saying the others hold the rest. */
export function documentCards(docs) {
  const list = docs || [];
  const total = list.length ? list[0].total : 0;
  const others = total - list.length;
  return h('section', { class: 'doc-holder', 'aria-labelledby': 'doc-holder-title', testid: 'doc-holder' },
    h('h2', { class: 'doc-holder-title', id: 'doc-holder-title' },
      list.length > 1 ? 'Tes documents' : 'Ton document'),
    h('p', { class: 'doc-help' }, others > 0
      ? 'Ton équipe a ' + others + ' autre' + (others > 1 ? 's' : '') + ' document' + (others > 1 ? 's' : '') + '. Lisez-les à voix haute, ensemble.'
      : 'Lis-le à voix haute à ton équipe : c\u2019est en les combinant que vous trouverez le code.'),
    list.length ? list.map(function (doc) { return documentCard(doc, 'h3'); })
      : h('p', { class: 'msg msg-info' }, 'Pas de document sur ce téléphone : écoute ton équipe.'));
}
