// Settings (« Réglages »): the contact e-mail of the Mission Locale, which the Open Badges
// 2.0 issuer profile must carry; and, for your organisation, its time zone, its public
// address and how long the young people's data are kept. Asked once, at the first facilitator login
// (a banner above every page until it is given), and changeable here afterwards. The
// server checks the address (PATCH /api/settings) and says in French what is wrong.
import { h, clear, formatDateTime } from '/static/shared/dom.js';
import { issuerProfilePanel } from '/static/facilitator/issuer-profile.js';

export const PROMPT = 'Renseignez l\u2019e-mail de contact de la Mission Locale : il figure sur les badges.';
const WHY = 'La norme Open Badges 2.0 l\u2019exige dans le profil de l\u2019organisme qui délivre les badges : '
  + 'les recruteurs et les portefeuilles de badges l\u2019affichent. Vous ne le donnez qu\u2019une fois ; '
  + 'il reste modifiable dans « Réglages ». Les badges déjà délivrés le montreront aussi.';

// The address field and its button; `onSaved(settings)` once the server kept it.
function emailForm(prefix, settings, opts) {
  const inputId = prefix + '-email';
  const input = h('input', {
    type: 'email', id: inputId, testid: prefix + '-email', autocomplete: 'email', required: true, maxlength: '254',
    placeholder: 'contact@mission-locale.fr', value: (settings && settings.issuer_email) || '',
    'aria-describedby': prefix + '-email-help ' + prefix + '-email-error',
  });
  const error = h('p', { class: 'field-error', id: prefix + '-email-error', role: 'alert', testid: prefix + '-error' });
  const submit = h('button', { type: 'submit', class: 'btn', testid: prefix + '-submit' }, 'Enregistrer');
  const form = h('form', { class: 'setup-form', novalidate: true, testid: prefix + '-form' },
    h('div', { class: 'field' },
      h('label', { for: inputId }, 'E-mail de contact de la Mission Locale'),
      input,
      h('p', { class: 'field-help', id: prefix + '-email-help' }, WHY),
      error),
    submit);
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    const value = input.value.trim();
    if (!value) { fail(PROMPT); return; }
    submit.disabled = true;
    try {
      const saved = await opts.api.patch('/api/settings', { issuer_email: value });
      opts.onSaved(saved);
    } catch (e) {
      if (e.status !== 401) fail(e.message);
    } finally {
      submit.disabled = false;
    }
  });
  function fail(message) {
    error.textContent = message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  }
  return form;
}

// The banner of the first login: shown above the page while the e-mail is missing.
// createSetupPrompt({api, announce, before}) → {check, remove}
export function createSetupPrompt(opts) {
  let banner = null;

  function remove() {
    if (banner) banner.remove();
    banner = null;
  }

  async function check() {
    let settings;
    try {
      settings = await opts.api.get('/api/settings');
    } catch (e) {
      return; // not a facilitator, or offline: nothing to ask now
    }
    if (settings.issuer_profile_complete) { remove(); return; }
    if (banner) return;
    banner = h('section', { class: 'setup-banner', 'aria-labelledby': 'setup-title', testid: 'setup-banner' },
      h('p', { id: 'setup-title', class: 'setup-title' }, PROMPT), // not a heading: it comes before the page's h1 (RGAA 9.1)
      emailForm('setup', settings, {
        api: opts.api,
        onSaved: function (saved) {
          remove();
          opts.announce('E-mail de contact enregistré : ' + saved.issuer_email + '. Il figure désormais sur les badges.');
        },
      }));
    opts.before.parentNode.insertBefore(banner, opts.before);
  }

  return { check: check, remove: remove };
}

function sourceText(settings) {
  if (settings.issuer_email_source === 'console') {
    return 'Donné dans la console' + (settings.issuer_email_updated_at ? ' le ' + formatDateTime(settings.issuer_email_updated_at) : '') + '.';
  }
  if (settings.issuer_email_source === 'environment') {
    return 'Valeur initiale donnée à l\u2019installation (ECLATS_ISSUER_EMAIL) : vous pouvez la remplacer ici.';
  }
  return 'Pas encore renseigné : le profil de l\u2019organisme sur les badges Open Badges 2.0 est incomplet.';
}

// The « Réglages » page. mountSettings(el, {api, announce, onSaved})
export async function mountSettings(el, opts) {
  clear(el);
  el.appendChild(h('h1', { tabindex: '-1' }, 'Réglages'));
  const panel = h('section', { class: 'panel settings-panel', 'aria-labelledby': 'settings-badges-title', testid: 'settings-panel' },
    h('h2', { id: 'settings-badges-title' }, 'Badges : contact de la Mission Locale'),
    h('p', { class: 'muted', role: 'status' }, 'Chargement…'));
  el.appendChild(panel);
  let settings;
  try {
    settings = await opts.api.get('/api/settings');
  } catch (e) {
    if (e.status === 401) return;
    clear(panel).appendChild(h('div', { class: 'msg msg-error', role: 'alert' }, e.message));
    return;
  }
  draw(settings, false);
  el.appendChild(issuerProfilePanel(opts)); // name, address, site and logo on the badges
  el.appendChild(placePanel(settings, opts));
  el.appendChild(retentionPanel(settings, opts));

  function draw(current, justSaved) {
    clear(panel);
    panel.appendChild(h('h2', { id: 'settings-badges-title' }, 'Badges : contact de la Mission Locale'));
    panel.appendChild(h('p', { testid: 'settings-email-state', 'data-complete': String(current.issuer_profile_complete) },
      current.issuer_email ? h('strong', null, current.issuer_email) : h('strong', null, 'Aucun e-mail de contact'),
      ' — ', sourceText(current)));
    if (justSaved) panel.appendChild(h('p', { class: 'msg msg-ok', role: 'status', testid: 'settings-saved' }, 'Enregistré : il figure désormais sur les badges.'));
    panel.appendChild(emailForm('settings', current, {
      api: opts.api,
      onSaved: function (saved) {
        draw(saved, true);
        opts.announce('E-mail de contact enregistré.');
        if (opts.onSaved) opts.onSaved(saved);
      },
    }));
  }
}

// How long the young people's data are kept after a session ends (eclats purge, every
// night). A whole number of months; the server refuses anything else in French.
const RETENTION_WHY = 'Après ce délai, les pseudos, réponses, photos, lieux atteints et notes des jeunes '
  + 'de la session sont effacés chaque nuit. Les équipes, les totaux des bilans et le nom de la session restent. '
  + 'Les badges de ces jeunes sont retirés.';

function retentionText(current) {
  const when = current.retention_updated_at ? ' le ' + formatDateTime(current.retention_updated_at) : '';
  return current.retention_source === 'console'
    ? 'Choisie dans la console' + when + '.'
    : 'Valeur par défaut de l\u2019installation (ECLATS_RETENTION_DAYS) : vous pouvez la changer ici.';
}

function retentionPanel(settings, opts) {
  const panel = h('section', { class: 'panel settings-panel', 'aria-labelledby': 'settings-retention-title', testid: 'settings-retention' });
  draw(settings, false);
  return panel;

  function draw(current, justSaved) {
    clear(panel);
    panel.appendChild(h('h2', { id: 'settings-retention-title' }, 'Données des jeunes : durée de conservation'));
    panel.appendChild(h('p', { testid: 'settings-retention-state' },
      h('strong', null, current.retention_months + ' mois'), ' après le dernier jour prévu de chaque session — ',
      retentionText(current)));
    if (justSaved) panel.appendChild(h('p', { class: 'msg msg-ok', role: 'status', testid: 'settings-retention-saved' }, 'Enregistré.'));
    const input = h('input', {
      type: 'number', id: 'settings-retention-months', testid: 'settings-retention-months', required: true,
      min: String(current.retention_min_months), max: String(current.retention_max_months), step: '1',
      inputmode: 'numeric', value: String(current.retention_months),
      'aria-describedby': 'settings-retention-help settings-retention-error',
    });
    const error = h('p', { class: 'field-error', id: 'settings-retention-error', role: 'alert', testid: 'settings-retention-error' });
    const submit = h('button', { type: 'submit', class: 'btn', testid: 'settings-retention-submit' }, 'Enregistrer');
    const form = h('form', { class: 'setup-form', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: 'settings-retention-months' },
          'Durée de conservation, en mois (de ' + current.retention_min_months + ' à ' + current.retention_max_months + ')'),
        input,
        h('p', { class: 'field-help', id: 'settings-retention-help' }, RETENTION_WHY),
        error),
      submit);
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      error.textContent = '';
      input.removeAttribute('aria-invalid');
      const months = Number(input.value);
      if (!Number.isInteger(months)) { fail('Écrivez un nombre entier de mois.'); return; }
      submit.disabled = true;
      try {
        const saved = await opts.api.patch('/api/settings', { retention_months: months });
        draw(saved, true);
        opts.announce('Durée de conservation enregistrée : ' + saved.retention_months + ' mois.');
      } catch (e) {
        if (e.status !== 401) fail(e.message);
      } finally {
        submit.disabled = false;
      }
    });
    function fail(message) {
      error.textContent = message;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    panel.appendChild(form);
  }
}

// The organisation's time zone (appointments are typed, shown and put in calendars at its
// hour) and its public address (join links, QR codes, posters, badge links). Left empty,
// the installation's (ECLATS_TIME_ZONE, ECLATS_PUBLIC_URL) apply.
const PLACE_WHY_ZONE = 'Les rendez-vous sont proposés et affichés à cette heure-là. Nom IANA : Europe/Paris, '
  + 'America/Cayenne, Indian/Reunion, Pacific/Noumea… Vide : celui de l\u2019installation.';
const PLACE_WHY_URL = 'L\u2019adresse que les jeunes ouvrent sur leur téléphone (lien et QR code pour rejoindre, '
  + 'affiches des lieux) et celle des liens des badges. Elle commence par https://. Vide : celle de l\u2019installation.';

function placeText(source, updatedAt, what) {
  return source === 'console'
    ? 'Choisi' + what + ' dans la console' + (updatedAt ? ' le ' + formatDateTime(updatedAt) : '') + '.'
    : 'Valeur de l\u2019installation.';
}

function placePanel(settings, opts) {
  const panel = h('section', { class: 'panel settings-panel', 'aria-labelledby': 'settings-place-title', testid: 'settings-place' });
  draw(settings, false);
  return panel;

  function draw(current, justSaved) {
    clear(panel);
    panel.appendChild(h('h2', { id: 'settings-place-title' }, 'Votre Mission Locale : fuseau horaire et adresse publique'));
    panel.appendChild(h('p', { testid: 'settings-zone-state' },
      h('strong', null, current.time_zone), ' — ', placeText(current.time_zone_source, current.time_zone_updated_at, '')));
    panel.appendChild(h('p', { testid: 'settings-url-state' },
      h('strong', null, current.public_url || 'Aucune adresse publique'), ' — ',
      placeText(current.public_url_source, current.public_url_updated_at, 'e')));
    if (justSaved) panel.appendChild(h('p', { class: 'msg msg-ok', role: 'status', testid: 'settings-place-saved' }, 'Enregistré.'));
    const zone = h('input', {
      type: 'text', id: 'settings-time-zone', testid: 'settings-time-zone', maxlength: '64', autocomplete: 'off',
      spellcheck: 'false', placeholder: 'Europe/Paris', value: current.time_zone_source === 'console' ? current.time_zone : '',
      'aria-describedby': 'settings-time-zone-help settings-place-error',
    });
    const url = h('input', {
      type: 'url', id: 'settings-public-url', testid: 'settings-public-url', maxlength: '300', autocomplete: 'url',
      placeholder: 'https://eclats.mission-locale.fr',
      value: current.public_url_source === 'console' ? current.public_url : '',
      'aria-describedby': 'settings-public-url-help settings-place-error',
    });
    const error = h('p', { class: 'field-error', id: 'settings-place-error', role: 'alert', testid: 'settings-place-error' });
    const submit = h('button', { type: 'submit', class: 'btn', testid: 'settings-place-submit' }, 'Enregistrer');
    const form = h('form', { class: 'setup-form', novalidate: true },
      h('div', { class: 'field' },
        h('label', { for: 'settings-time-zone' }, 'Fuseau horaire'),
        zone,
        h('p', { class: 'field-help', id: 'settings-time-zone-help' }, PLACE_WHY_ZONE)),
      h('div', { class: 'field' },
        h('label', { for: 'settings-public-url' }, 'Adresse publique'),
        url,
        h('p', { class: 'field-help', id: 'settings-public-url-help' }, PLACE_WHY_URL)),
      error,
      submit);
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      error.textContent = '';
      zone.removeAttribute('aria-invalid');
      url.removeAttribute('aria-invalid');
      submit.disabled = true;
      try {
        const saved = await opts.api.patch('/api/settings', {
          time_zone: zone.value.trim() || null,
          public_url: url.value.trim() || null,
        });
        draw(saved, true);
        opts.announce('Fuseau horaire et adresse publique enregistrés.');
      } catch (e) {
        if (e.status === 401) return;
        const field = /fuseau/i.test(e.message) ? zone : url;
        error.textContent = e.message;
        field.setAttribute('aria-invalid', 'true');
        field.focus();
      } finally {
        submit.disabled = false;
      }
    });
    panel.appendChild(form);
  }
}
