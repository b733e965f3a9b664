// Sound and browser notifications for new alerts. Off by default; chosen per severity; each alert episode
// (fingerprint + startsAt) is announced at most once, even across reloads of the tab; only alerts that pass
// the current filter and are neither silenced, inhibited nor acked are announced; a suppressed one is announced
// when its silence or inhibition ends while it still fires. The first snapshot after the page opens is what is
// already on the wall, so it is never announced.

import {SEVERITIES, bucket, word} from './severity.js';
import {title, summary} from './card.js';
import {isSuppressed} from './filters.js';

const SETTINGS = 'alert-relay.attention';
const SEEN = 'alert-relay.announced';
const SEEN_MAX = 5000;
const TONES = {critical: [880, 3], error: [740, 2], warning: [587, 2], info: [440, 1], none: [392, 1], other: [392, 1]};

export class Attention {
  constructor(store, filters) {
    this.filters = filters;
    this.settings = load(SETTINGS, {sound: {}, notify: {}});
    this.seen = new Set(load(SEEN, []));
    this.audio = null;
    store.addEventListener('change', ev => this.onChange(ev.detail, store));
    // browsers only let audio start after a user gesture: any key or click on the page will do
    const unlock = () => this.audio && this.audio.state === 'suspended' && this.audio.resume();
    addEventListener('pointerdown', unlock);
    addEventListener('keydown', unlock);
  }

  enabled(kind, severity) { return !!this.settings[kind][severity]; }

  /** Turns sound or notifications for one severity on or off; called from a click, so audio may start. */
  async set(kind, severity, on) {
    this.settings[kind][severity] = on;
    localStorage.setItem(SETTINGS, JSON.stringify(this.settings));
    if (on && kind === 'sound') this.ensureAudio();
    if (on && kind === 'notify' && 'Notification' in window && Notification.permission === 'default') {
      await Notification.requestPermission();
    }
  }

  onChange(d, store) {
    if (d.kind === 'snapshot') {
      for (const a of store.alerts.values()) {
        if (a.status !== 'firing') continue;
        // what was already up when the page opened is not news; after a reset, what we never saw is
        if (d.first) this.remember(key(a));
        else this.consider(a);
      }
    } else if (d.kind === 'alert' && d.alert.status === 'firing') {
      this.consider(d.alert);
    }
  }

  consider(a) {
    const k = key(a);
    if (this.seen.has(k)) return;
    // not remembered while suppressed: the change that lifts the silence or inhibition is considered again
    if (isSuppressed(a)) return;
    this.remember(k);
    if (a.ack || !this.filters.passes(a) || !this.filters.severities.has(bucket(a.severity))) return;
    const sev = bucket(a.severity);
    if (this.enabled('sound', sev)) this.beep(sev);
    if (this.enabled('notify', sev) && 'Notification' in window && Notification.permission === 'granted') {
      try {
        new Notification(`${word(a.severity)}: ${title(a)}`, {body: summary(a), tag: k});
      } catch {
        // some mobile browsers only notify through a service worker; the sound and the wall still tell
      }
    }
  }

  remember(k) {
    this.seen.add(k);
    if (this.seen.size > SEEN_MAX) this.seen.delete(this.seen.values().next().value);
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => sessionStorage.setItem(SEEN, JSON.stringify([...this.seen])), 500);
  }

  ensureAudio() {
    if (!this.audio) this.audio = new AudioContext();
    if (this.audio.state === 'suspended') this.audio.resume();
    return this.audio;
  }

  /** A short tone pattern per severity, made on the spot: no sound files to ship or fetch. */
  beep(sev) {
    const ctx = this.ensureAudio();
    const [freq, count] = TONES[sev];
    for (let i = 0; i < count; i++) {
      const t = ctx.currentTime + i * 0.22;
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t);
      gain.gain.exponentialRampToValueAtTime(0.3, t + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + 0.2);
    }
    // lets a test (or a curious operator) see what played
    document.body.dataset.lastSound = sev;
    document.body.dataset.sounds = String(Number(document.body.dataset.sounds || 0) + 1);
  }
}

/** One firing episode of one alert. */
function key(a) {
  return `${a.fingerprint}@${a.startsAt}`;
}

function load(k, fallback) {
  try {
    const store = k === SEEN ? sessionStorage : localStorage;
    return JSON.parse(store.getItem(k)) || fallback;
  } catch {
    return fallback;
  }
}

export {SEVERITIES};
