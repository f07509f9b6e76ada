// Leaflet, loaded only when a map is shown (it is 150 KB: the phone pays for it only on
// the weekend urban games). Served by this server; only the tiles come from the tile
// server the installation chose, and the map works without them (places, circles and
// your own dot are drawn by Leaflet itself).
const BASE = '/static/vendor/leaflet-1.9.4/';
let loading = null;

export function loadLeaflet() {
  if (window.L) return Promise.resolve(window.L);
  if (loading) return loading;
  loading = new Promise(function (resolve, reject) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = BASE + 'leaflet.css';
    document.head.appendChild(css);
    const script = document.createElement('script');
    script.src = BASE + 'leaflet.js';
    script.onload = function () { window.L ? resolve(window.L) : reject(new Error('leaflet')); };
    script.onerror = function () { loading = null; reject(new Error('leaflet')); };
    document.head.appendChild(script);
  });
  return loading;
}

/**
 * makeMap(el, config, options) → Promise<{map, L, tilesFailed(): bool}>
 * config: {tiles_url, attribution} from the server. Tiles that fail to load (offline,
 * blocked) leave a plain background; a note says so once.
 */
export async function makeMap(el, config, options) {
  const L = await loadLeaflet();
  const map = L.map(el, Object.assign({ zoomControl: true, attributionControl: true, scrollWheelZoom: false }, options || {}));
  let failed = 0;
  let loaded = 0;
  if (config && config.tiles_url) {
    const layer = L.tileLayer(config.tiles_url, { maxZoom: 19, attribution: config.attribution || '' });
    layer.on('tileerror', function () {
      failed += 1;
      if (failed === 1 && !loaded) el.setAttribute('data-tiles', 'failed');
    });
    layer.on('tileload', function () { loaded += 1; el.setAttribute('data-tiles', 'ok'); });
    layer.addTo(map);
  } else {
    el.setAttribute('data-tiles', 'none');
  }
  return { map: map, L: L, tilesFailed: function () { return failed > 0 && !loaded; } };
}
