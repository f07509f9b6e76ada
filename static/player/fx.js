// Small rewards: éclats flying to the team counter, a bump on the counter.
// Everything is skipped when the player asked for reduced motion.
import { prefersReducedMotion } from '/static/shared/dom.js';
import { shardIcon } from '/static/player/icons.js';

export function bump(el) {
  if (!el || prefersReducedMotion()) return;
  el.classList.remove('bump');
  void el.offsetWidth; // restart the animation
  el.classList.add('bump');
}

export function flyShards(fromEl, toEl, count, done) {
  const finish = function () { bump(toEl); if (done) done(); };
  if (!fromEl || !toEl || prefersReducedMotion() || !count) { finish(); return; }
  const a = fromEl.getBoundingClientRect();
  const b = toEl.getBoundingClientRect();
  if (!a.width || !b.width) { finish(); return; }
  const n = Math.max(3, Math.min(10, count));
  const tx = b.left + b.width / 2;
  const ty = b.top + b.height / 2;
  let left = n;
  for (let i = 0; i < n; i++) {
    const s = document.createElement('span');
    s.className = 'fly-shard';
    s.setAttribute('aria-hidden', 'true');
    s.appendChild(shardIcon());
    const x = a.left + a.width / 2 + (Math.random() - 0.5) * Math.min(a.width, 160);
    const y = a.top + a.height / 2 + (Math.random() - 0.5) * 40;
    s.style.left = x + 'px';
    s.style.top = y + 'px';
    s.style.transitionDelay = (i * 70) + 'ms';
    document.body.appendChild(s);
    const cleanup = function () {
      if (!s.parentNode) return;
      s.parentNode.removeChild(s);
      left -= 1;
      if (left === 0) finish();
    };
    s.addEventListener('transitionend', cleanup);
    setTimeout(cleanup, 1600 + i * 70);
    // two frames so the start position is painted before moving
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        s.style.transform = 'translate(' + (tx - x) + 'px,' + (ty - y) + 'px) scale(.6) rotate(200deg)';
        s.style.opacity = '0.2';
      });
    });
  }
}

// Flip offer cards one after the other once they are in the page.
export function flipCards(cards) {
  if (prefersReducedMotion()) { cards.forEach(function (c) { c.classList.add('flipped'); }); return; }
  cards.forEach(function (c, i) {
    setTimeout(function () { c.classList.add('flipped'); }, 500 + i * 350);
  });
}
