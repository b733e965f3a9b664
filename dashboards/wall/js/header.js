// The header's live facts: firing counts per severity (also in the page title, for a tab in the
// background), the connection state with its retry countdown, and notices (reset snapshot, refused requests).

import {h} from './dom.js';
import {SEVERITIES, bucket, icon, word} from './severity.js';
import {isSuppressed} from './filters.js';

export class Header {
  constructor({counts, connection, notices}) {
    this.countsEl = counts;
    this.connEl = connection;
    this.noticesEl = notices;
    this.conn = {state: 'connecting'};
    this.countdown = null;
  }

  /**
   * Counts what the wall shows as firing (filters applied) and nobody owns yet, per severity; acked ones apart
   * ("3 critical · 2 acked"); never silenced or inhibited ones, even when shown.
   */
  counts(visible) {
    const n = {};
    let acked = 0;
    for (const a of visible) {
      if (a.status !== 'firing' || isSuppressed(a)) continue;
      if (a.ack) acked++;
      else n[bucket(a.severity)] = (n[bucket(a.severity)] || 0) + 1;
    }
    const shown = SEVERITIES.filter(s => n[s]);
    const parts = shown.map(s =>
      h('span', {class: `count sev-${s}`, dataset: {severity: s}}, icon(s),
        h('b', null, String(n[s])), ` ${word(s).toLowerCase()}`));
    if (acked) parts.push(h('span', {class: 'count acked-count', dataset: {severity: 'acked'}}, `· ${acked} acked`));
    this.countsEl.replaceChildren(...(parts.length ? parts : [h('span', {class: 'count all-clear'}, '✔ all clear')]));
    const title = shown.map(s => `${n[s]} ${word(s).toLowerCase()}`).join(', ');
    document.title = title ? `(${title}) Alert Relay` : 'Alert Relay';
  }

  /** Shows the connection state; "reconnecting in Ns" counts down each second. */
  connection(detail) {
    this.conn = detail;
    clearInterval(this.countdown);
    this.drawConnection();
    if (detail.state === 'reconnecting') this.countdown = setInterval(() => this.drawConnection(), 1000);
  }

  drawConnection() {
    const {state, retryAt} = this.conn;
    const text = {
      connecting: 'connecting…',
      loading: 'loading…',
      live: 'live',
      offline: 'offline: no network',
      unauthorized: 'signed out',
    }[state] || `reconnecting in ${Math.max(0, Math.ceil((retryAt - Date.now()) / 1000))}s`;
    this.connEl.className = `conn conn-${state}`;
    this.connEl.dataset.state = state;
    this.connEl.textContent = text;
  }

  /** A notice under the header; kind is info, warn or error. Info notices go away by themselves. */
  notice(text, kind = 'info') {
    const close = h('button', {type: 'button', class: 'link', 'aria-label': 'Dismiss'}, '✕');
    const el = h('div', {class: `notice notice-${kind}`, role: kind === 'error' ? 'alert' : 'status'},
      h('span', null, text), close);
    close.addEventListener('click', () => el.remove());
    this.noticesEl.append(el);
    if (kind === 'info') setTimeout(() => el.remove(), 6000);
    while (this.noticesEl.children.length > 4) this.noticesEl.firstElementChild.remove();
    return el;
  }
}
