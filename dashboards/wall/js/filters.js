// What the viewer chose to see, kept in the URL's query string so a wall URL can be bookmarked or put on a
// TV: m (matchers, protocol syntax), sev (severities shown), q (free text), group (label to group by),
// view (cards|table), silenced (1 = show silenced), inhibited (1 = show inhibited), fade (minutes a resolved alert
// stays), wall (1 = wall mode).

import {parseMatchers, matchesAll} from './matchers.js';
import {SEVERITIES, bucket} from './severity.js';

const DEFAULTS = {m: '', sev: SEVERITIES.join(','), q: '', group: '', view: 'cards', silenced: '0', inhibited: '0', fade: '5',
  wall: '0'};

export class Filters extends EventTarget {
  constructor() {
    super();
    const params = new URLSearchParams(location.search);
    this.values = {};
    for (const [k, d] of Object.entries(DEFAULTS)) this.values[k] = params.has(k) ? params.get(k) : d;
    this.compile();
  }

  get(key) { return this.values[key]; }

  /** Changes some values, rewrites the URL (without a new history entry) and tells listeners. */
  set(changes) {
    Object.assign(this.values, changes);
    this.compile();
    const params = new URLSearchParams();
    for (const [k, d] of Object.entries(DEFAULTS)) {
      if (this.values[k] !== d) params.set(k, this.values[k]);
    }
    const qs = params.toString();
    history.replaceState(null, '', location.pathname + (qs ? `?${qs}` : '') + location.hash);
    this.dispatchEvent(new CustomEvent('change', {detail: changes}));
  }

  compile() {
    const parsed = parseMatchers(this.values.m);
    this.matchers = parsed.matchers;
    this.matcherError = parsed.error;
    this.severities = new Set(this.values.sev ? this.values.sev.split(',') : []);
    this.words = this.values.q.toLowerCase().split(/\s+/).filter(Boolean);
    this.fadeMs = Math.max(0, Number(this.values.fade) || 0) * 60000;
  }

  /**
   * Whether the alert belongs on the wall right now: matchers, severity toggles and free text, silenced and
   * inhibited ones only when asked for, resolved ones until they have faded.
   */
  shows(alert, now) {
    if (!this.severities.has(bucket(alert.severity))) return false;
    if (alert.silencedBy.length && this.values.silenced !== '1') return false;
    if (isInhibited(alert) && this.values.inhibited !== '1') return false;
    if (alert.status === 'resolved' && now - Date.parse(alert.endsAt) > this.fadeMs) return false;
    return this.passes(alert);
  }

  /** Matchers and free text only: what "respecting the current filter" means for notifications too. */
  passes(alert) {
    if (this.matchers.length && !matchesAll(this.matchers, alert)) return false;
    if (this.words.length) {
      const text = searchText(alert);
      for (const w of this.words) if (!text.includes(w)) return false;
    }
    return true;
  }
}

/** Inhibited by a firing alert through an inhibition rule (the field is absent while it is not). */
export function isInhibited(alert) {
  return !!(alert.inhibitedBy && alert.inhibitedBy.length);
}

/** Silenced or inhibited: shown only on request, never counted or announced as something to act on. */
export function isSuppressed(alert) {
  return alert.silencedBy.length > 0 || isInhibited(alert);
}

// Built once per alert value (alerts are replaced, never mutated, so the cache stays right)
const texts = new WeakMap();

function searchText(alert) {
  let t = texts.get(alert);
  if (t === undefined) {
    const parts = [alert.severity, alert.source || ''];
    for (const [k, v] of Object.entries(alert.labels)) parts.push(`${k}=${v}`, v);
    for (const v of Object.values(alert.annotations)) parts.push(v);
    if (alert.ack) parts.push(alert.ack.by, alert.ack.comment || '');
    if (alert.stale) parts.push('stale', alert.stale.reason || '');
    t = parts.join(' ').toLowerCase();
    texts.set(alert, t);
  }
  return t;
}
