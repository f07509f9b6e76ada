// Console: the login screen (moved out of console.js). onLogin(res) runs once the
// server accepted the identifiers (res: {token, facilitator}).
import { h, clear } from '/static/shared/dom.js';

export function loginScreen(app, api, notice, onLogin) {
  document.title = 'Connexion · Console Éclats';
  clear(app);
  const user = h('input', { type: 'text', id: 'login-username', testid: 'login-username', autocomplete: 'username', required: true });
  const pass = h('input', { type: 'password', id: 'login-password', testid: 'login-password', autocomplete: 'current-password', required: true });
  const error = h('div', { class: 'msg msg-error', role: 'alert', testid: 'login-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-block', testid: 'login-submit' }, 'Se connecter');
  const form = h('form', { class: 'login-form', novalidate: true },
    notice ? h('div', { class: 'msg msg-info', role: 'status', testid: 'login-notice' }, notice) : null,
    h('div', { class: 'field' }, h('label', { for: 'login-username' }, 'Identifiant'), user),
    h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Mot de passe'), pass),
    error,
    submit);
  form.addEventListener('submit', async function (ev) {
    ev.preventDefault();
    error.textContent = '';
    if (!user.value.trim() || !pass.value) { error.textContent = 'Saisissez votre identifiant et votre mot de passe.'; return; }
    submit.disabled = true;
    try {
      const res = await api.post('/api/auth/login', { username: user.value.trim(), password: pass.value });
      api.setToken(res.token);
      onLogin(res);
    } catch (e) {
      error.textContent = e.status === 401 ? 'Identifiant ou mot de passe incorrect.' : e.message;
      pass.select();
    } finally {
      submit.disabled = false;
    }
  });
  app.appendChild(h('section', { class: 'login', 'aria-labelledby': 'login-title' },
    h('h1', { id: 'login-title', tabindex: '-1' }, 'Console des animateurs'),
    h('p', { class: 'muted' }, 'Connectez-vous pour préparer et animer vos sessions Éclats.'),
    form));
  user.focus();
}
