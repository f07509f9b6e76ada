// Console: the Mission Locale block of the session's pack (mission_locale.yaml): name,
// town, phone, addresses and hours, whom to ask for each offer, local partners. The
// pack's texts use it through placeholders ({{ml.name}}…), so filling it makes the pack
// this Mission Locale's. The server checks the whole pack with the new block before
// writing it; a refusal lists every problem. Shipped packs are copied first.
import { h, clear } from '/static/shared/dom.js';
import { copyForm } from '/static/facilitator/places.js';

const FIELDS = [
  ['name', 'Nom de la Mission Locale', '{{ml.name}}'],
  ['town', 'Ville', '{{ml.town}}'],
  ['region', 'Région', '{{ml.region}}'],
  ['phone', 'Téléphone', '{{ml.phone}}'],
  ['website', 'Site web', '{{ml.website}}'],
  ['email', 'E-mail (facultatif)', '{{ml.email}}'],
];

function slug(text) {
  const plain = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return plain.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'partenaire';
}

/**
 * mountLocal(el, ctx) → {refresh(), destroy()}
 * ctx: api, pack (the session's pack name), announce(text)
 */
export function mountLocal(el, ctx) {
  let gone = false;
  const body = h('div', { testid: 'local-block' });
  el.appendChild(h('h2', { id: 'local-title' }, 'Votre Mission Locale dans le pack'));
  el.appendChild(body);
  refresh();

  async function refresh() {
    let data;
    try { data = await ctx.api.get('/api/packs/' + encodeURIComponent(ctx.pack) + '/local'); } catch (e) {
      clear(body).appendChild(h('p', { class: 'form-msg' }, e.message));
      return;
    }
    if (gone) return;
    clear(body);
    if (!data.editable) {
      body.appendChild(copyForm(ctx, data.pack, 'local-copy',
        'Ce pack est fourni avec Éclats et ne se modifie pas. Copiez-le, puis créez une session avec la copie : vous pourrez y mettre le nom, les adresses et les contacts de votre Mission Locale.'));
      return;
    }
    body.appendChild(blockForm(data));
  }

  function input(id, label, value, attrs) {
    const field = h('input', Object.assign({ id: id, type: 'text', testid: id, value: value || '' }, attrs || {}));
    return { el: field, row: h('div', { class: 'field' }, h('label', { for: id }, label), field) };
  }

  function rows(title, hint, makeRow, initial, addLabel, removeLabel, testid) {
    const list = h('div', { class: 'stack', testid: testid });
    let n = 0;
    const items = [];
    function add(value) {
      const i = n++;
      const item = makeRow(i, value || {});
      const remove = h('button', { type: 'button', class: 'btn btn-secondary', testid: testid + '-remove-' + i }, removeLabel);
      const box = h('div', { class: 'local-row' }, h('div', { class: 'local-fields' }, item.rows), remove);
      remove.addEventListener('click', function () {
        items.splice(items.indexOf(item), 1);
        box.remove();
      });
      items.push(item);
      list.appendChild(box);
      return item;
    }
    initial.forEach(add);
    const more = h('button', { type: 'button', class: 'btn btn-secondary', testid: testid + '-add' }, addLabel);
    more.addEventListener('click', function () { const item = add(); item.first.focus(); });
    return {
      el: h('fieldset', null, h('legend', null, title), h('p', { class: 'muted' }, hint), list, more),
      values: function () { return items.map(function (it) { return it.value(); }); },
    };
  }

  function blockForm(data) {
    const block = data.block || {};
    const inputs = {};
    const main = h('fieldset', null, h('legend', null, 'La Mission Locale'));
    FIELDS.forEach(function (f) {
      const made = input('ml-' + f[0], f[1] + ' — ' + f[2], block[f[0]], f[0] === 'email' ? { inputmode: 'email', autocomplete: 'off' } : null);
      inputs[f[0]] = made.el;
      main.appendChild(made.row);
    });
    const welcome = h('textarea', { id: 'ml-welcome', testid: 'ml-welcome', rows: '2', maxlength: '500' });
    welcome.value = block.welcome || '';
    main.appendChild(h('div', { class: 'field' },
      h('label', { for: 'ml-welcome' }, 'Comment venir (avec ou sans rendez-vous) — {{ml.welcome}}'), welcome));

    const addresses = rows('Adresses et horaires',
      'La première adresse est celle des textes ({{ml.address}}, {{ml.hours}}). Si un horaire est incertain, écrivez plutôt « Demande à l\u2019accueil ».',
      function (i, a) {
        const label = input('ml-address-label-' + i, 'Nom du lieu', a.label);
        const street = input('ml-address-street-' + i, 'Adresse', a.street);
        const hours = input('ml-address-hours-' + i, 'Horaires', a.hours);
        return {
          first: label.el,
          rows: [label.row, street.row, hours.row],
          value: function () { return { label: label.el.value.trim(), street: street.el.value.trim(), hours: hours.el.value.trim() }; },
        };
      }, (block.addresses && block.addresses.length) ? block.addresses : [{}], 'Ajouter une adresse', 'Retirer cette adresse', 'ml-addresses');

    const contacts = {};
    const asks = h('fieldset', null, h('legend', null, 'À qui demander, pour chaque offre'),
      h('p', { class: 'muted' }, 'Ce texte remplace « à qui demander » de l\u2019offre ({{contact.<offre>}}). Laissez vide pour garder celui de l\u2019offre, si elle en a un.'));
    const asksList = h('div', { class: 'local-fields' });
    data.offers.forEach(function (o) {
      const made = input('ml-contact-' + o.id, o.title, (block.contacts || {})[o.id], { maxlength: '500' });
      contacts[o.id] = made.el;
      asksList.appendChild(made.row);
    });
    asks.appendChild(h('details', null, h('summary', { testid: 'ml-contacts-open' }, 'Voir les ' + data.offers.length + ' offres'), asksList));

    const partners = rows('Partenaires locaux',
      'Dans les textes, {{partner.<identifiant>}} devient le nom du partenaire.',
      function (i, p) {
        const name = input('ml-partner-name-' + i, 'Nom', p.name);
        const id = input('ml-partner-id-' + i, 'Identifiant (minuscules, chiffres, tirets)', p.id, { pattern: '[a-z0-9][a-z0-9-]*' });
        const what = input('ml-partner-what-' + i, 'Ce qu\u2019il fait pour les jeunes', p.what);
        const contact = input('ml-partner-contact-' + i, 'Comment le joindre', p.contact);
        return {
          first: name.el,
          rows: [name.row, id.row, what.row, contact.row],
          value: function () {
            return { id: id.el.value.trim() || slug(name.el.value), name: name.el.value.trim(), what: what.el.value.trim(), contact: contact.el.value.trim() };
          },
        };
      }, block.partners || [], 'Ajouter un partenaire', 'Retirer ce partenaire', 'ml-partners');

    const out = h('div', { class: 'form-msg', role: 'status', 'aria-live': 'polite', testid: 'ml-msg' });
    const form = h('form', { class: 'stack', novalidate: true, testid: 'ml-form' },
      h('p', { class: 'muted' }, 'Les textes du pack utilisent ces informations. N\u2019inventez rien : un numéro ou un horaire incertain tromperait les jeunes. Le pack entier est vérifié avant d\u2019être enregistré.'),
      main, addresses.el, asks, partners.el,
      h('button', { type: 'submit', class: 'btn', testid: 'ml-submit' }, 'Vérifier et enregistrer'), out);
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      const sent = { welcome: welcome.value.trim(), addresses: addresses.values(), partners: partners.values(), contacts: {} };
      FIELDS.forEach(function (f) { sent[f[0]] = inputs[f[0]].value.trim(); });
      Object.keys(contacts).forEach(function (id) { if (contacts[id].value.trim()) sent.contacts[id] = contacts[id].value.trim(); });
      clear(out);
      try {
        await ctx.api.put('/api/packs/' + encodeURIComponent(data.pack) + '/local', sent);
        out.textContent = 'Enregistré : les téléphones affichent les nouveaux textes dès leur prochain chargement.';
        ctx.announce('Bloc Mission Locale enregistré.');
      } catch (e) {
        const problems = (e.body && e.body.problems) || [];
        out.appendChild(h('p', null, problems.length ? 'Rien n\u2019a été enregistré. À corriger :' : e.message));
        if (problems.length) out.appendChild(h('ul', { testid: 'ml-problems' }, problems.map(function (p) { return h('li', null, p); })));
      }
    });
    return form;
  }

  return {
    refresh: refresh,
    destroy: function () { gone = true; },
  };
}
