// The flat table view, for walls with many alerts: one row per alert, same facts as a card, less room.
// Rows are grid rows of divs (role=row) rather than <tr>, so CSS content-visibility can skip off-screen
// rows, which keeps thousands of them cheap.

import {h} from './dom.js';
import {bucket, icon, word} from './severity.js';
import {since} from './time.js';
import {title, summary, where, fade, inhibitors, links, rowDetail} from './card.js';
import {isInhibited} from './filters.js';
import {firingText} from './says.js';

export function tableHead() {
  return h('div', {class: 'row head', role: 'row'},
    ...['Severity', 'Alert', 'Summary', 'Where', 'For', 'State', ''].map(t => h('span', {role: 'columnheader'}, t)));
}

export function row(alert, ctx) {
  const sev = bucket(alert.severity);
  const resolved = alert.status === 'resolved';
  const el = h('div', {
    class: `row sev-${sev}${resolved ? ' resolved' : ''}${!resolved && alert.stale ? ' stale' : ''}`
      + `${alert.ack ? ' acked' : ''}${alert.silencedBy.length ? ' silenced' : ''}`
      + `${isInhibited(alert) ? ' inhibited' : ''}`,
    role: 'row', dataset: {fp: alert.fingerprint}, tabindex: '-1',
  },
  h('span', {role: 'cell', class: 'sev'}, icon(sev), h('span', {class: 'sev-word'}, word(alert.severity))),
  h('span', {role: 'cell', class: 'name'}, title(alert)),
  h('span', {role: 'cell', class: 'summary'}, summaryCell(alert), links(alert), rowDetail(alert)),
  h('span', {role: 'cell', class: 'where'}, where(alert)),
  h('span', {role: 'cell'}, resolved ? since('resolved', alert.endsAt, 'ago') : since('', alert.startsAt)),
  h('span', {role: 'cell', class: 'state', title: resolved ? null : alert.stale?.reason}, state(alert, ctx)),
  h('span', {role: 'cell', class: 'actions'}, ctx.canOperate && !resolved ? buttons(alert) : null));
  if (resolved) fade(el, alert, ctx.fadeMs);
  return el;
}

/** The summary; a resolved alert's firing text only labelled as such (says.js). */
function summaryCell(alert) {
  const now = summary(alert);
  const was = firingText(alert.status, alert.annotations);
  if (!was) return now;
  const frag = document.createDocumentFragment();
  if (now) frag.append(now, ' ');
  frag.append(h('span', {class: 'was'}, `While firing: ${was}`));
  return frag;
}

function state(alert, ctx) {
  const parts = [];
  if (alert.stale && alert.status !== 'resolved') parts.push(since('⚠ source failed', alert.stale.since, 'ago'));
  if (alert.ack) parts.push(`✔ ${alert.ack.by}${alert.ack.comment ? `: ${alert.ack.comment}` : ''}`);
  if (alert.silencedBy.length) parts.push('⊘ silenced');
  if (isInhibited(alert)) parts.push(`⇣ inhibited by ${inhibitors(alert, ctx)}`);
  if (alert.status === 'resolved') parts.push('resolved');
  const frag = document.createDocumentFragment();
  parts.forEach((p, i) => frag.append(...(i ? [' · ', p] : [p])));
  return frag;
}

function buttons(alert) {
  const fp = alert.fingerprint;
  const frag = document.createDocumentFragment();
  // a silenced alert is owned by its silence: only its Expire buttons
  if (!alert.silencedBy.length) frag.append(alert.ack
    ? h('button', {type: 'button', dataset: {action: 'unack', fp}}, 'Unack')
    : h('button', {type: 'button', dataset: {action: 'ack', fp}}, 'Ack'),
  h('button', {type: 'button', dataset: {action: 'silence', fp}}, 'Silence'));
  for (const id of alert.silencedBy) {
    frag.append(h('button', {type: 'button', dataset: {action: 'expire', silence: id}}, 'Expire silence'));
  }
  return frag;
}
