// Human durations ("12m", "3h 5m") and the one timer that keeps every "firing for" on the page current.

export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  // one format per magnitude: "5h 12m" under a day, "3d 1h" from a day on (never "25h 2m" beside "3d 1h")
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

// Formatters are built once: making one per call (toLocaleString does) costs more than a whole card
const TODAY = new Intl.DateTimeFormat(undefined, {hour: '2-digit', minute: '2-digit'});
const OTHER_DAY = new Intl.DateTimeFormat(undefined, {month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit'});
const FULL = new Intl.DateTimeFormat(undefined, {dateStyle: 'medium', timeStyle: 'medium'});

/** "14:05" today, "Nov 24 14:05" otherwise, in the viewer's time zone. */
export function clock(iso) {
  const t = new Date(iso);
  return (t.toDateString() === new Date().toDateString() ? TODAY : OTHER_DAY).format(t);
}

/**
 * A <time> whose text is "<prefix> <duration since iso> <suffix>", kept current by refreshRelativeTimes().
 * The absolute time is in the title, for whoever hovers.
 */
export function since(prefix, iso, suffix = '') {
  const el = document.createElement('time');
  el.className = 'since';
  el.dateTime = iso;
  el.dataset.prefix = prefix;
  el.dataset.suffix = suffix;
  el.title = FULL.format(new Date(iso));
  el.textContent = relative(el, Date.now());
  return el;
}

function relative(el, now) {
  const d = duration(now - Date.parse(el.dateTime));
  return `${el.dataset.prefix ? `${el.dataset.prefix} ` : ''}${d}${el.dataset.suffix ? ` ${el.dataset.suffix}` : ''}`;
}

/** Rewrites every relative time under root; only touches text that changed, so thousands stay cheap. */
export function refreshRelativeTimes(root) {
  const now = Date.now();
  for (const el of root.querySelectorAll('time.since')) {
    const text = relative(el, now);
    if (el.textContent !== text) el.textContent = text;
  }
}

/** Parses "90m", "2h", "1d", "1h30m" into milliseconds; null when it is not a duration. */
export function parseDuration(text) {
  const re = /(\d+)\s*([smhdw])/g;
  const unit = {s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5};
  const compact = String(text).trim().toLowerCase();
  if (!/^(\d+\s*[smhdw]\s*)+$/.test(compact)) return null;
  let ms = 0;
  for (const [, n, u] of compact.matchAll(re)) ms += Number(n) * unit[u];
  return ms > 0 ? ms : null;
}
