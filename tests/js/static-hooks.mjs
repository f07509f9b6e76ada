// Module resolution for the browser modules under test: '/static/…' is the repository's
// static folder (as the server serves it), and the Socket.IO client is replaced by the
// scriptable fake in fake-socket-io.mjs. Registered by browser.mjs.
const STATIC = new URL('../../static/', import.meta.url);
const FAKE_IO = new URL('./fake-socket-io.mjs', import.meta.url);

export async function resolve(specifier, context, nextResolve) {
  if (specifier.startsWith('/static/vendor/socket.io-client')) return { url: FAKE_IO.href, shortCircuit: true };
  if (specifier.startsWith('/static/')) {
    return { url: new URL(specifier.slice('/static/'.length), STATIC).href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}
