// The History panel: recently resolved alerts and what happened to them, from GET /api/history (the
// relay keeps them after the alerts themselves have gone). Loaded when opened, refreshed while open as
// alerts resolve.

import {h} from './dom.js';
import {bucket, icon, word} from './severity.js';
import {clock, duration} from './time.js';
import {format} from './matchers.js';
import {summaryOf, firingText, resolvedReason} from './says.js';

export class History {
  constructor(panel, store, filters, token) {
    this.panel = panel;
    this.list = panel.querySelector('.history-list');
    this.status = panel.querySelector('.history-status');
    this.filters = filters;
    this.token = token;
    store.addEventListener('change', ev => {
      const d = ev.detail;
      if (!panel.hidden && d.kind === 'alert' && d.alert.status === 'resolved') this.refreshSoon();
    });
  }

  toggle(open = this.panel.hidden) {
    this.panel.hidden = !open;
    if (open) this.load();
  }

  refreshSoon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.load(), 500); // a burst of resolutions makes one request
  }

  async load() {
    const url = new URL('api/history', location.href);
    url.searchParams.set('limit', '200');
    for (const m of this.filters.matchers) url.searchParams.append('filter', format(m.name, m.op, m.value));
    this.status.textContent = 'Loading…';
    try {
      const r = await fetch(url, {headers: {Authorization: `Bearer ${this.token()}`}});
      const body = await r.json();
      if (!r.ok) throw new Error(body.message || `HTTP ${r.status}`);
      this.draw(body);
    } catch (e) {
      this.status.textContent = `Could not load history: ${e.message}`;
    }
  }

  draw(body) {
    this.status.textContent = body.entries.length
      ? `The last ${body.entries.length} resolved (the relay keeps ${body.capacity}, in memory)`
      : 'Nothing has resolved since the relay started.';
    this.list.replaceChildren(...body.entries.map(entry));
  }
}

function entry(e) {
  const sev = bucket(e.severity);
  const acks = e.events.filter(ev => ev.type === 'acked');
  return h('li', {class: `history-entry sev-${sev}`},
    h('div', {class: 'history-head'},
      h('span', {class: 'sev'}, icon(sev), h('span', {class: 'sev-word'}, word(e.severity))),
      h('b', null, e.labels.alertname || e.fingerprint),
      h('span', {class: 'muted'}, e.labels.instance || '')),
    // an entry is a resolved episode: its summary only if written for the resolve, the firing text labelled
    summaryOf('resolved', e.annotations) && h('p', {class: 'summary'}, summaryOf('resolved', e.annotations)),
    resolvedReason('resolved', e.annotations) && h('p', {class: 'resolved-reason'}, e.annotations.resolved_reason),
    firingText('resolved', e.annotations) && h('p', {class: 'was'}, h('span', {class: 'was-label'}, 'While firing: '),
      firingText('resolved', e.annotations)),
    h('p', {class: 'history-line'},
      `Fired ${clock(e.firedAt)} · `,
      acks.length
        ? `acked by ${[...new Set(acks.map(a => a.by))].join(', ')}${acks.at(-1).comment ? ` (“${acks.at(-1).comment}”)` : ''} · `
        : 'never acked · ',
      e.events.some(ev => ev.type === 'silenced') ? 'silenced · ' : '',
      `resolved ${clock(e.resolvedAt)} after ${duration(Date.parse(e.resolvedAt) - Date.parse(e.firedAt))}`));
}
