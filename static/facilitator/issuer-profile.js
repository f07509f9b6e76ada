// « Réglages » : your Mission Locale as its badges name it (issue 16) — its name, postal
// address, web site and logo (the contact e-mail is the field above, the same value).
// GET/PATCH /api/organisation/profile and PUT/DELETE /api/organisation/logo act on the
// caller's own organisation; the server checks every value and says in French what is
// wrong (nothing changes then). Badges already issued keep the profile they were signed with.
import { h, clear, formatDateTime } from '/static/shared/dom.js';

const WHY = 'Ces informations figurent sur les badges délivrés à partir de maintenant, sur leur page publique '
  + 'et dans le profil de l\u2019organisme que lisent les recruteurs et les portefeuilles de badges. '
  + 'Les badges déjà délivrés gardent celles qu\u2019ils portaient.';
const LOGO_HELP = 'Image PNG de 256 Ko au plus, de 16 à 2048 pixels de côté.';

function field(id, label, input, help) {
  return h('div', { class: 'field' },
    h('label', { for: id }, label), input, help ? h('p', { class: 'field-help', id: id + '-help' }, help) : null);
}

// issuerProfilePanel({api, announce}) → the panel (filled in once the profile is read)
export function issuerProfilePanel(opts) {
  const panel = h('section', { class: 'panel settings-panel', 'aria-labelledby': 'settings-issuer-title', testid: 'settings-issuer' },
    h('h2', { id: 'settings-issuer-title' }, 'Badges : votre Mission Locale'),
    h('p', { class: 'muted', role: 'status' }, 'Chargement…'));
  opts.api.get('/api/organisation/profile').then(function (profile) { draw(profile, ''); }, function (e) {
    if (e.status === 401) return;
    if (e.status === 403) { panel.remove(); return; } // not for this kind of account
    clear(panel).appendChild(h('div', { class: 'msg msg-error', role: 'alert' }, e.message));
  });
  return panel;

  function draw(profile, saved) {
    clear(panel);
    panel.appendChild(h('h2', { id: 'settings-issuer-title' }, 'Badges : votre Mission Locale'));
    panel.appendChild(h('p', { testid: 'settings-issuer-state' }, 'Les badges portent le nom ',
      h('strong', null, profile.shown_name),
      profile.updated_at ? ' — modifié le ' + formatDateTime(profile.updated_at) + '.' : '.'));
    panel.appendChild(h('p', { class: 'field-help' }, WHY));
    if (saved) panel.appendChild(h('p', { class: 'msg msg-ok', role: 'status', testid: 'settings-issuer-saved' }, saved));
    const name = h('input', { type: 'text', id: 'issuer-name', testid: 'issuer-name', maxlength: '160', required: true,
      autocomplete: 'organization', value: profile.name, 'aria-describedby': 'issuer-error' });
    const address = h('textarea', { id: 'issuer-address', testid: 'issuer-address', rows: '3', maxlength: '300',
      autocomplete: 'street-address', 'aria-describedby': 'issuer-address-help issuer-error' });
    address.value = profile.address;
    const url = h('input', { type: 'url', id: 'issuer-url', testid: 'issuer-url', maxlength: '300', autocomplete: 'url',
      placeholder: 'https://www.mission-locale.fr', value: profile.url, 'aria-describedby': 'issuer-url-help issuer-error' });
    const error = h('p', { class: 'field-error', id: 'issuer-error', role: 'alert', testid: 'issuer-error' });
    const submit = h('button', { type: 'submit', class: 'btn', testid: 'issuer-submit' }, 'Enregistrer');
    const form = h('form', { class: 'setup-form', novalidate: true, testid: 'issuer-form' },
      field('issuer-name', 'Nom de la Mission Locale', name),
      field('issuer-address', 'Adresse postale', address, 'Une ligne par ligne ; la dernière comme « 75011 Paris ».'),
      field('issuer-url', 'Site web', url, 'Vide : les badges donnent l\u2019adresse de ce serveur.'),
      error, submit);
    const inputs = { name: name, address: address, url: url };
    form.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      await send(function () {
        return opts.api.patch('/api/organisation/profile',
          { name: name.value, address: address.value, url: url.value.trim() });
      }, 'Enregistré : les prochains badges porteront ces informations.', submit, error, function (e) {
        const fields = e.fields ? Object.keys(e.fields) : [];
        return inputs[(e.body && e.body.error) || fields[0]] || name;
      });
    });
    panel.appendChild(form);

    const logoError = h('p', { class: 'field-error', id: 'issuer-logo-error', role: 'alert', testid: 'issuer-logo-error' });
    const file = h('input', { type: 'file', id: 'issuer-logo', testid: 'issuer-logo', accept: 'image/png',
      'aria-describedby': 'issuer-logo-help issuer-logo-error' });
    const upload = h('button', { type: 'submit', class: 'btn', testid: 'issuer-logo-submit' }, 'Envoyer le logo');
    const logoForm = h('form', { class: 'setup-form', novalidate: true },
      profile.logo ? h('p', null, h('img', { src: new URL(profile.logo).pathname, alt: 'Logo actuel', height: '48', testid: 'issuer-logo-img' })) : null,
      field('issuer-logo', profile.logo ? 'Remplacer le logo' : 'Logo', file, LOGO_HELP),
      logoError, upload);
    if (profile.logo) {
      const remove = h('button', { type: 'button', class: 'btn btn-secondary', testid: 'issuer-logo-remove' }, 'Retirer le logo');
      remove.addEventListener('click', function () {
        send(function () { return opts.api.del('/api/organisation/logo'); }, 'Logo retiré.', remove, logoError, function () { return file; });
      });
      logoForm.appendChild(remove);
    }
    logoForm.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      if (!file.files || !file.files.length) { logoError.textContent = 'Choisissez une image PNG.'; file.focus(); return; }
      const body = new FormData();
      body.append('logo', file.files[0]);
      await send(function () { return opts.api.put('/api/organisation/logo', undefined, { form: body }); },
        'Logo enregistré : les prochains badges le montreront.', upload, logoError, function () { return file; });
    });
    panel.appendChild(logoForm);
  }

  async function send(call, done, button, error, fieldOf) {
    error.textContent = '';
    button.disabled = true;
    try {
      const profile = await call();
      draw(profile, done);
      opts.announce(done);
    } catch (e) {
      if (e.status === 401) return;
      const input = fieldOf(e);
      error.textContent = e.message;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    } finally {
      button.disabled = false;
    }
  }
}
