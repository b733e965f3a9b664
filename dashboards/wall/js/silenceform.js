// The silence form: a new silence (from a card, a group, the Silences panel or a deep link) or a change to one
// (extend it, change its comment, move a pending one's start). Matchers in the filter box's syntax, with a live
// count and preview of the firing alerts they match now; a start now or later (maintenance); a required comment.
// One protocol request; the relay's silence frame is what every open wall, this one too, then shows.

import {h} from './dom.js';
import {parseMatchers, matchesAll, format} from './matchers.js';
import {parseDuration, clock, duration} from './time.js';
import {rememberedPerson, rememberPerson} from './person.js';

const PREVIEW_MAX = 8;

export class SilenceForm {
  constructor(dialog, store, send) {
    this.d = dialog;
    this.store = store;
    this.send = send;
    this.field = name => dialog.querySelector(`[name=${name}]`);
    this.radio = (name, value) => dialog.querySelector(`[name=${name}][value="${value}"]`);
    this.error = dialog.querySelector('.dialog-error');
    this.preview = dialog.querySelector('.silence-preview');
    this.chips = dialog.querySelector('.matcher-chips');
    // a chip per matcher: untick one to silence more widely, without retyping the list
    this.chips.addEventListener('change', ev => {
      const box = ev.target.closest('input[data-index]');
      if (!box) return;
      const parsed = parseMatchers(this.field('matchers').value);
      this.off = this.off || new Set();
      const m = parsed.matchers[Number(box.dataset.index)];
      if (!m) return;
      const key = format(m.name, m.op, m.value);
      if (box.checked) this.off.delete(key); else this.off.add(key);
      this.drawPreview();
    });
    let timer;
    const later = () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.drawPreview(), 150); // typing, or a burst of alerts, redraws once
    };
    this.field('matchers').addEventListener('input', later);
    // live: what the matchers select changes as alerts fire and resolve while the form is open
    store.addEventListener('change', () => { if (dialog.open) later(); });
    this.field('custom').addEventListener('input', () => { this.radio('duration', 'custom').checked = true; });
    this.field('startsAt').addEventListener('input', () => { this.radio('start', 'at').checked = true; });
    dialog.querySelector('form').addEventListener('submit', ev => {
      if (ev.submitter && ev.submitter.value === 'cancel') return;
      ev.preventDefault();
      this.submit();
    });
  }

  /**
   * Opens the form. prefill: {title, matchers (text), duration ("2h"), comment, startsAt (ISO)} for a new
   * silence, or {silence} to change that one.
   */
  open(prefill = {}) {
    const s = prefill.silence;
    this.editing = s ? s.id : null;
    this.pendingEdit = s && s.status === 'pending';
    this.d.querySelector('.dialog-title').textContent = s ? 'Change silence' : 'New silence';
    this.d.querySelector('.dialog-alert').textContent = prefill.title || '';
    this.field('matchers').value = s ? s.matchers.map(text).join(', ') : prefill.matchers || '';
    this.field('matchers').readOnly = !!s; // other matchers make another silence: Alertmanager's rule
    this.field('comment').value = s ? s.comment : prefill.comment || '';
    this.field('person').value = rememberedPerson();
    this.off = new Set();
    const start = s ? (this.pendingEdit ? s.startsAt : null) : prefill.startsAt;
    this.radio('start', start ? 'at' : 'now').checked = true;
    this.field('startsAt').value = start ? local(start) : '';
    this.d.querySelector('.starts').disabled = !!s && !this.pendingEdit; // an active silence keeps its start
    const preset = ['1h', '4h', '24h'].includes(prefill.duration) ? prefill.duration : null;
    this.radio('duration', preset || (prefill.duration ? 'custom' : '1h')).checked = true;
    this.field('custom').value = !preset && prefill.duration ? prefill.duration : '';
    this.d.querySelector('.for-legend').textContent = s && !this.pendingEdit ? 'Ends, counted from now' : 'For';
    this.error.textContent = '';
    this.drawPreview();
    this.d.showModal();
  }

  /** The matchers of the text field whose chips are ticked. */
  chosen() {
    const parsed = parseMatchers(this.field('matchers').value);
    const off = this.off || new Set();
    return {error: parsed.error, matchers: parsed.matchers.filter(m => !off.has(format(m.name, m.op, m.value))),
      all: parsed.matchers};
  }

  drawChips(all) {
    const off = this.off || new Set();
    this.chips.replaceChildren(...all.map((m, i) => {
      const text = format(m.name, m.op, m.value);
      return h('label', {class: 'chip matcher-chip'},
        h('input', {type: 'checkbox', dataset: {index: String(i)}, checked: !off.has(text) || null,
          disabled: this.editing ? true : null, 'aria-label': `use ${text}`}), text);
    }));
  }

  /** How many firing alerts the matchers select now, and the first few of them. */
  drawPreview() {
    const parsed = this.chosen();
    this.drawChips(parsed.all);
    if (parsed.error || !parsed.matchers.length) {
      this.preview.replaceChildren(parsed.error ? `Not a matcher list yet: ${parsed.error}` : 'Matches nothing yet.');
      return;
    }
    const hits = [];
    for (const a of this.store.alerts.values()) {
      if (a.status === 'firing' && matchesAll(parsed.matchers, a)) hits.push(a);
    }
    // in reading order (vps-2 before vps-10), not in the order they fired
    hits.sort((x, y) => `${x.labels.alertname} ${x.labels.instance}`.localeCompare(
      `${y.labels.alertname} ${y.labels.instance}`, undefined, {numeric: true}));
    const names = hits.slice(0, PREVIEW_MAX).map(a => h('li', null,
      h('b', null, a.labels.alertname || a.fingerprint), a.labels.instance ? ` on ${a.labels.instance}` : ''));
    this.preview.replaceChildren(
      h('span', {class: 'preview-count'}, hits.length === 1 ? 'Matches 1 firing alert now' : `Matches ${hits.length} firing alerts now`),
      hits.length > PREVIEW_MAX ? ` (the first ${PREVIEW_MAX}):` : hits.length ? ':' : ' (it will silence what matches later).',
      hits.length ? h('ul', null, ...names) : null);
  }

  async submit() {
    const parsed = this.chosen();
    if (parsed.error || !parsed.matchers.length) {
      this.error.textContent = parsed.error || 'Give at least one matcher, like alertname="DiskFull"';
      return;
    }
    const comment = this.field('comment').value.trim();
    if (!comment) {
      this.error.textContent = 'Say why (and who is on it): the comment is what the next person on call reads';
      return;
    }
    const choice = this.d.querySelector('[name=duration]:checked').value;
    const ms = choice === 'custom' ? parseDuration(this.field('custom').value) : parseDuration(choice);
    if (!ms) {
      this.error.textContent = 'Custom duration: write it like 90m, 2h, 3d or 1h30m';
      return;
    }
    const later = this.radio('start', 'at').checked && !this.d.querySelector('.starts').disabled;
    const startsAt = later ? new Date(this.field('startsAt').value) : null;
    if (later && Number.isNaN(startsAt?.getTime())) {
      this.error.textContent = 'Give the start as a date and time, or choose "now"';
      return;
    }
    const endsAt = new Date((startsAt ? startsAt.getTime() : Date.now()) + ms).toISOString();
    const msg = {type: 'silence', matchers: parsed.matchers.map(m => format(m.name, m.op, m.value)), endsAt, comment};
    const person = this.field('person').value.trim();
    if (person) msg.person = person;
    rememberPerson(person);
    if (startsAt) msg.startsAt = startsAt.toISOString();
    if (this.editing) msg.silenceId = this.editing;
    const what = startsAt && startsAt > Date.now()
      ? `Silence starts ${clock(msg.startsAt)}, for ${duration(ms)}`
      : `Silenced until ${clock(endsAt)}`;
    if (await this.send(msg, this.editing ? 'Silence changed' : what)) this.d.close();
  }
}

/** A silence's matcher as the filter box writes it (the wire has strings or Alertmanager's objects). */
export function text(m) {
  if (typeof m === 'string') return m;
  const op = m.isRegex ? (m.isEqual === false ? '!~' : '=~') : (m.isEqual === false ? '!=' : '=');
  return format(m.name, op, m.value);
}

/** An ISO time as a datetime-local input's value, in the viewer's time zone. */
function local(iso) {
  const t = new Date(iso);
  return new Date(t.getTime() - t.getTimezoneOffset() * 60000).toISOString().slice(0, 16);
}
