// Just enough of a phone's browser for the live link's modules to run in Node: window
// (localStorage that can refuse like private mode, events, crypto), navigator.onLine,
// document (visibility). The '/static/…' imports are resolved by static-hooks.mjs.
import { register } from 'node:module';
import { webcrypto } from 'node:crypto';

register('./static-hooks.mjs', import.meta.url);

class Storage {
  constructor() { this.items = new Map(); this.refuse = false; }
  getItem(k) { if (this.refuse) throw new Error('SecurityError'); return this.items.has(k) ? this.items.get(k) : null; }
  setItem(k, v) { if (this.refuse) throw new Error('QuotaExceededError'); this.items.set(k, String(v)); }
  removeItem(k) { if (this.refuse) throw new Error('SecurityError'); this.items.delete(k); }
  clear() { this.items.clear(); }
}

export const localStorage = new Storage();
const windowTarget = new EventTarget();
const documentTarget = new EventTarget();

globalThis.window = {
  localStorage,
  crypto: webcrypto,
  addEventListener: windowTarget.addEventListener.bind(windowTarget),
  removeEventListener: windowTarget.removeEventListener.bind(windowTarget),
  dispatchEvent: windowTarget.dispatchEvent.bind(windowTarget),
};
export const navigatorState = { onLine: true };
Object.defineProperty(globalThis, 'navigator', { value: navigatorState, configurable: true, writable: true });
export const document = {
  hidden: false,
  addEventListener: documentTarget.addEventListener.bind(documentTarget),
  removeEventListener: documentTarget.removeEventListener.bind(documentTarget),
  dispatchEvent: documentTarget.dispatchEvent.bind(documentTarget),
};
globalThis.document = document;

/** The page comes back to the front. */
export function showPage() {
  document.hidden = false;
  document.dispatchEvent(new Event('visibilitychange'));
}

/** Let every pending promise callback run (the modules await between steps). */
export async function settle() {
  for (let i = 0; i < 20; i++) await new Promise(function (resolve) { setImmediate(resolve); });
}
