// « Organisations » (#/organisations): the installation administrator's page. The Missions
// Locales this installation serves, with their staff accounts: make an organisation, rename
// it, add an account (animateur, conseiller, administrateur), disable or re-enable one.
// Nothing of any young person is shown here (README, « Organisations »). The server checks
// every field (/api/admin/...) and says in French what is wrong.
import { h, clear, formatDate } from '/static/shared/dom.js';

const ROLES = { facilitator: 'Animateur', counsellor: 'Conseiller', admin: 'Administrateur' };

// mountOrganisations(el, {api, announce}) → Promise
export async function mountOrganisations(el, opts) {
  clear(el);
  el.appendChild(h('h1', { tabindex: '-1' }, 'Organisations'));
  el.appendChild(h('p', { class: 'muted' }, 'Les Missions Locales de cette installation et les comptes de leur équipe. '
    + 'Chaque compte ne voit que les sessions de son organisation.'));
  const list = h('section', { class: 'panel', 'aria-labelledby': 'orgs-title', testid: 'orgs-panel' });
  const detail = h('section', { class: 'panel', 'aria-labelledby': 'org-accounts-title', testid: 'org-accounts', hidden: true });
  el.appendChild(h('div', { class: 'grid-2' }, h('div', null, list, createForm()), detail));
  let organisations = [];
  let selected = null;
  await refresh();

  async function refresh() {
    try {
      organisations = await opts.api.get('/api/admin/organisations');
    } catch (e) {
      if (e.status === 401) return;
      clear(list).appendChild(h('div', { class: 'msg msg-error', role: 'alert' }, e.message));
      return;
    }
    drawList();
    if (selected) {
      const again = organisations.find(function (o) { return o.id === selected.id; });
      if (again) showAccounts(again);
    }
  }

  function drawList() {
    clear(list);
    list.appendChild(h('h2', { id: 'orgs-title' }, 'Missions Locales (' + organisations.length + ')'));
    list.appendChild(h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Nom'), h('th', { scope: 'col' }, 'Identifiant court'),
        h('th', { scope: 'col', class: 'num' }, 'Comptes actifs'), h('th', { scope: 'col', class: 'num' }, 'Sessions'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', null, organisations.map(function (o) {
        return h('tr', { testid: 'org-' + o.slug },
          h('th', { scope: 'row' }, o.name),
          h('td', null, o.slug),
          h('td', { class: 'num' }, String(o.accounts)),
          h('td', { class: 'num' }, String(o.sessions)),
          h('td', null, h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'org-open-' + o.slug,
            'aria-label': 'Comptes de ' + o.name, onclick: function () { showAccounts(o, true); } }, 'Comptes')));
      })))));
  }

  function createForm() {
    const slug = h('input', { id: 'org-slug', type: 'text', testid: 'org-slug', autocomplete: 'off', maxlength: '40',
      placeholder: 'ml-lille', 'aria-describedby': 'org-slug-help' });
    const name = h('input', { id: 'org-name', type: 'text', testid: 'org-name', maxlength: '160',
      placeholder: 'Mission Locale de Lille' });
    const msg = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'org-create-msg' });
    const f = h('form', { class: 'panel stack', novalidate: true, 'aria-labelledby': 'org-create-title' },
      h('h2', { id: 'org-create-title' }, 'Nouvelle organisation'),
      h('label', { for: 'org-name' }, 'Nom'), name,
      h('label', { for: 'org-slug' }, 'Identifiant court'), slug,
      h('p', { class: 'field-help', id: 'org-slug-help' }, 'Dans les adresses de ses badges : lettres minuscules, '
        + 'chiffres et tirets. Il ne change plus ensuite.'),
      h('button', { type: 'submit', class: 'btn', testid: 'org-create' }, 'Créer l\u2019organisation'), msg);
    f.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      try {
        const made = await opts.api.post('/api/admin/organisations', { slug: slug.value.trim(), name: name.value });
        msg.textContent = '';
        slug.value = ''; name.value = '';
        opts.announce('Organisation créée : ' + made.name + '. Ajoutez-lui des comptes.');
        selected = made;
        await refresh();
      } catch (e) { if (e.status !== 401) msg.textContent = e.message; }
    });
    return f;
  }

  async function showAccounts(org, moveFocus) {
    selected = org;
    let accounts;
    try {
      accounts = await opts.api.get('/api/admin/organisations/' + org.id + '/accounts');
    } catch (e) {
      if (e.status !== 401) opts.announce(e.message);
      return;
    }
    detail.hidden = false;
    clear(detail);
    const title = h('h2', { id: 'org-accounts-title', tabindex: '-1' }, 'Comptes de ' + org.name);
    detail.appendChild(title);
    detail.appendChild(renameForm(org));
    detail.appendChild(accounts.length ? h('div', { class: 'table-wrap' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Identifiant'), h('th', { scope: 'col' }, 'Nom'),
        h('th', { scope: 'col' }, 'Rôle'), h('th', { scope: 'col' }, 'État'),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', null, accounts.map(function (a) {
        const off = !!a.disabled_at;
        return h('tr', { testid: 'account-' + a.username, class: off ? 'is-revoked' : null },
          h('th', { scope: 'row' }, a.username),
          h('td', null, a.display_name),
          h('td', null, ROLES[a.role] || a.role),
          h('td', null, off ? 'Désactivé le ' + formatDate(a.disabled_at) : 'Actif'),
          h('td', null, h('button', { type: 'button', class: 'btn btn-secondary btn-small', testid: 'account-toggle-' + a.username,
            onclick: function () { toggle(a, !off); } }, off ? 'Réactiver' : 'Désactiver')));
      })))) : h('p', { class: 'muted' }, 'Aucun compte pour l\u2019instant.'));
    detail.appendChild(accountForm(org));
    if (moveFocus) title.focus();
  }

  async function toggle(account, disable) {
    try {
      await opts.api.patch('/api/admin/accounts/' + account.id, { disabled: disable });
      opts.announce('Compte ' + account.username + (disable ? ' désactivé : ses connexions sont fermées.' : ' réactivé.'));
      await refresh();
    } catch (e) { if (e.status !== 401) opts.announce(e.message); }
  }

  function renameForm(org) {
    const name = h('input', { id: 'org-rename', type: 'text', testid: 'org-rename', value: org.name, maxlength: '160' });
    const msg = h('p', { class: 'form-msg', 'aria-live': 'polite' });
    const f = h('form', { class: 'stack', novalidate: true },
      h('label', { for: 'org-rename' }, 'Nom de l\u2019organisation (identifiant court : ' + org.slug + ')'), name,
      h('button', { type: 'submit', class: 'btn btn-secondary btn-small', testid: 'org-rename-save' }, 'Renommer'), msg);
    f.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      try {
        const renamed = await opts.api.patch('/api/admin/organisations/' + org.id, { name: name.value });
        opts.announce('Organisation renommée : ' + renamed.name + '.');
        selected = renamed;
        await refresh();
      } catch (e) { if (e.status !== 401) msg.textContent = e.message; }
    });
    return f;
  }

  function accountForm(org) {
    const user = h('input', { id: 'acc-user', type: 'text', testid: 'acc-user', autocomplete: 'off' });
    const name = h('input', { id: 'acc-name', type: 'text', testid: 'acc-name' });
    const pass = h('input', { id: 'acc-pass', type: 'password', testid: 'acc-pass', autocomplete: 'new-password' });
    const role = h('select', { id: 'acc-role', testid: 'acc-role' }, Object.keys(ROLES).map(function (k) {
      return h('option', { value: k }, ROLES[k]);
    }));
    const msg = h('p', { class: 'form-msg', 'aria-live': 'polite', testid: 'acc-msg' });
    const f = h('form', { class: 'stack', novalidate: true },
      h('h3', null, 'Ajouter un compte'),
      h('label', { for: 'acc-user' }, 'Identifiant'), user,
      h('label', { for: 'acc-name' }, 'Nom affiché'), name,
      h('label', { for: 'acc-pass' }, 'Mot de passe (8 caractères au moins)'), pass,
      h('label', { for: 'acc-role' }, 'Rôle'), role,
      h('button', { type: 'submit', class: 'btn', testid: 'acc-create' }, 'Créer le compte'), msg);
    f.addEventListener('submit', async function (ev) {
      ev.preventDefault();
      try {
        const made = await opts.api.post('/api/admin/organisations/' + org.id + '/accounts',
          { username: user.value, display_name: name.value, password: pass.value, role: role.value });
        opts.announce('Compte créé : ' + made.username + ' (' + (ROLES[made.role] || made.role) + ') peut se connecter.');
        await refresh();
      } catch (e) { if (e.status !== 401) msg.textContent = e.message; }
    });
    return f;
  }
}
