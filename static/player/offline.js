// The installable app's offline side (README « Installable app and offline »).
// Registers the service worker (static/player/sw.js, served at /sw.js), then reads this
// player's state once per visit, when the phone is idle, so that the worker keeps a copy
// for a visit with no network (quests, offers, team, messages, every day's recap).
// Loaded by app.js after the first screen: nothing here is needed to play.

const FIRST_WAIT_MS = 4000; // let the first screen have the network first
const CHECK_MS = 5000;

/** installOffline({api, me}) with me() → the player's /api/me, or null before joining. */
export function installOffline(ctx) {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  const sw = navigator.serviceWorker;
  // after the first screen: on a weak network, its files and data come first
  function register() {
    setTimeout(function () {
      sw.register('/sw.js', { scope: '/' }).catch(function () { /* the app works without it */ });
    }, sw.controller ? 0 : FIRST_WAIT_MS);
  }
  if (document.readyState === 'complete') register(); else window.addEventListener('load', register);
  let kept = false;
  let timer = null;

  function tick() {
    timer = null;
    if (kept) return;
    // worth doing once the worker controls this page, the player is in, and the network is there
    if (sw.controller && ctx.me() && navigator.onLine !== false && !document.hidden) {
      kept = true;
      keep(ctx).catch(function () { kept = false; timer = setTimeout(tick, CHECK_MS); });
    }
    if (!kept) timer = setTimeout(tick, CHECK_MS);
  }
  // The first visit: the worker takes over after the first screen was read, unseen by it.
  sw.addEventListener('controllerchange', function () {
    if (kept) return;
    clearTimeout(timer);
    timer = setTimeout(tick, 0);
  });
  timer = setTimeout(tick, FIRST_WAIT_MS);
}

async function keep(ctx) {
  const me = ctx.me();
  const paths = ['/api/me', '/api/me/quests', '/api/me/offers', '/api/me/leaderboard', '/api/me/messages', '/api/me/glossary'];
  const today = me && me.session ? me.session.current_day : 0;
  for (let day = 1; day <= (today || 0); day += 1) paths.push('/api/me/recap?day=' + day);
  for (const path of paths) {
    try {
      await ctx.api.get(path);
    } catch (e) {
      if (e.status === 401) return; // logged out: api.js already went back to the join screen
      if (e.status === 0) throw e; // the network went: another time
    }
  }
}
