// The flat table view, for walls with many alerts: one row per alert, same facts as a card, less room.
// Rows are grid rows of divs (role=row) rather than <tr>, so CSS content-visibility can skip off-screen
// rows, which keeps thousands of them cheap.

import {h} from './dom.js';
import {bucket, icon, word} from './severity.js';
import {since} from './time.js';
import {title, summary, where, fade} from './card.js';

export function tableHead() {
  return h('div', {class: 'row head', role: 'row'},
    ...['Severity', 'Alert', 'Summary', 'Where', 'For', 'State', ''].map(t => h('span', {role: 'columnheader'}, t)));
}

export function row(alert, ctx) {
  const sev = bucket(alert.severity);
  const resolved = alert.status === 'resolved';
  const el = h('div', {
    class: `row sev-${sev}${resolved ? ' resolved' : ''}${alert.ack ? ' acked' : ''}${alert.silencedBy.length ? ' silenced' : ''}`,
    role: 'row', dataset: {fp: alert.fingerprint},
  },
  h('span', {role: 'cell', class: 'sev'}, icon(sev), h('span', {class: 'sev-word'}, word(alert.severity))),
  h('span', {role: 'cell', class: 'name'}, title(alert)),
  h('span', {role: 'cell', class: 'summary'}, summary(alert)),
  h('span', {role: 'cell', class: 'where'}, where(alert)),
  h('span', {role: 'cell'}, resolved ? since('resolved', alert.endsAt, 'ago') : since('', alert.startsAt)),
  h('span', {role: 'cell', class: 'state'}, state(alert)),
  h('span', {role: 'cell', class: 'actions'}, ctx.canOperate && !resolved ? buttons(alert) : null));
  if (resolved) fade(el, alert, ctx.fadeMs);
  return el;
}

function state(alert) {
  const parts = [];
  if (alert.ack) parts.push(`✔ ${alert.ack.by}${alert.ack.comment ? `: ${alert.ack.comment}` : ''}`);
  if (alert.silencedBy.length) parts.push('⊘ silenced');
  if (alert.status === 'resolved') parts.push('resolved');
  return parts.join(' · ');
}

function buttons(alert) {
  const fp = alert.fingerprint;
  const frag = document.createDocumentFragment();
  frag.append(alert.ack
    ? h('button', {type: 'button', dataset: {action: 'unack', fp}}, 'Unack')
    : h('button', {type: 'button', dataset: {action: 'ack', fp}}, 'Ack'),
  h('button', {type: 'button', dataset: {action: 'silence', fp}}, 'Silence'));
  for (const id of alert.silencedBy) {
    frag.append(h('button', {type: 'button', dataset: {action: 'expire', silence: id}}, 'Expire silence'));
  }
  return frag;
}
