// Small fetch wrapper shared by the phone app and the console.
// JSON in and out, bearer token from localStorage, and the server's French
// `message` turned into an Error so screens can show it as is.

export class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.body = body || null;
    // Field errors from validation: {field: ["reason"]}
    this.fields = (body && body.errors && (body.errors.json || body.errors.form || body.errors.files)) || null;
  }
}

// localStorage can throw (private mode on old Safari, storage full): keep a
// memory fallback so the app still works for this visit.
const memory = {};
function readStore(key) {
  try { return window.localStorage.getItem(key); } catch (e) { return memory[key] || null; }
}
function writeStore(key, value) {
  try {
    if (value == null) window.localStorage.removeItem(key); else window.localStorage.setItem(key, value);
  } catch (e) { /* memory fallback below */ }
  if (value == null) delete memory[key]; else memory[key] = value;
}

const DEFAULT_MESSAGES = {
  offline: 'Pas de connexion au serveur. Vérifiez le réseau puis réessayez.',
  timeout: 'Le serveur met trop de temps à répondre. Réessayez.',
  unauthorized: 'Votre connexion a expiré. Reconnectez-vous.',
  generic: 'Une erreur est survenue. Réessayez dans un instant.',
};

/**
 * createApi({tokenKey, onUnauthorized, messages})
 * onUnauthorized(message) is called when a request that carried a token gets
 * a 401: the token is already cleared at that point.
 */
export function createApi(options) {
  const tokenKey = options.tokenKey;
  const onUnauthorized = options.onUnauthorized || function () {};
  const messages = Object.assign({}, DEFAULT_MESSAGES, options.messages || {});

  function token() { return readStore(tokenKey); }
  function setToken(value) { writeStore(tokenKey, value); }
  function clearToken() { writeStore(tokenKey, null); }

  async function request(method, path, opts) {
    opts = opts || {};
    const headers = { Accept: opts.accept || 'application/json' };
    const tok = token();
    if (tok) headers.Authorization = 'Bearer ' + tok;
    let body;
    if (opts.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.form) {
      body = opts.form; // FormData: the browser sets the multipart boundary
    }
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = controller ? setTimeout(function () { controller.abort(); }, opts.timeout || 20000) : null;
    let res;
    try {
      res = await fetch(path, {
        method: method,
        headers: headers,
        body: body,
        cache: 'no-store',
        credentials: 'same-origin',
        signal: controller ? controller.signal : undefined,
      });
    } catch (e) {
      const aborted = e && e.name === 'AbortError';
      throw new ApiError(aborted ? messages.timeout : messages.offline, 0);
    } finally {
      if (timer) clearTimeout(timer);
    }

    if (res.status === 401 && tok) {
      clearToken();
      const data = await readBody(res);
      const msg = messages.unauthorized;
      onUnauthorized(msg);
      throw new ApiError(msg, 401, data);
    }
    if (!res.ok) {
      const data = await readBody(res);
      const msg = (data && typeof data === 'object' && data.message) ? data.message : messages.generic;
      throw new ApiError(msg, res.status, typeof data === 'object' ? data : null);
    }
    if (opts.blob) return res.blob();
    if (res.status === 204) return null;
    return readBody(res);
  }

  async function readBody(res) {
    const type = res.headers.get('Content-Type') || '';
    try {
      if (type.indexOf('json') !== -1) return await res.json();
      const text = await res.text();
      return text || null;
    } catch (e) {
      return null;
    }
  }

  return {
    token: token,
    setToken: setToken,
    clearToken: clearToken,
    get: function (path, opts) { return request('GET', path, opts); },
    post: function (path, json, opts) { return request('POST', path, Object.assign({ json: json === undefined ? undefined : json }, opts)); },
    patch: function (path, json, opts) { return request('PATCH', path, Object.assign({ json: json }, opts)); },
    put: function (path, json, opts) { return request('PUT', path, Object.assign({ json: json }, opts)); },
    del: function (path, opts) { return request('DELETE', path, opts); },
    postForm: function (path, form, opts) { return request('POST', path, Object.assign({ form: form, timeout: 120000 }, opts)); },
    blob: function (path, opts) { return request('GET', path, Object.assign({ blob: true, accept: '*/*' }, opts)); },
  };
}
