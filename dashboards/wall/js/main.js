// Starts the wall: signs in, connects, and wires the store's changes to the view, header and attention.
// Each module does one job; this file only connects them, top to bottom.

import {$} from './dom.js';
import {takeToken, token, forget, askForToken} from './auth.js';
import {Store} from './store.js';
import {Connection} from './connection.js';
import {Filters} from './filters.js';
import {View} from './view.js';
import {Header} from './header.js';
import {Actions} from './actions.js';
import {Attention} from './attention.js';
import {Display} from './display.js';
import {History} from './history.js';
import {Silences} from './silences.js';
import {Acks} from './acks.js';
import {takeSilenceLink} from './silencelink.js';
import {wireKeys} from './keys.js';
import {wirePaging} from './paging.js';
import {wireControls} from './controls.js';
import {refreshRelativeTimes} from './time.js';

const TICK_MS = 10000; // "firing for 12m" and resolved fade-outs move at this pace

async function main() {
  const filters = new Filters();
  const display = new Display(filters);
  const store = new Store();
  const view = new View($('#wall'), store, filters);
  const header = new Header({counts: $('#counts'), connection: $('#conn'), notices: $('#notices')});
  const attention = new Attention(store, filters);
  const history = new History($('#history'), store, filters, token);

  let t = takeToken();
  if (!t) t = await askForToken($('#signin'));
  const conn = new Connection(store, t);

  const actions = new Actions({root: document.body, store, connection: conn, header,
    ackDialog: $('#ack-dialog'), silenceDialog: $('#silence-dialog')});
  const silences = new Silences($('#silences'), store, actions.silenceForm);
  wireKeys({root: $('#wall'), store, filters, actions, keysDialog: $('#keys-dialog')});
  wirePaging({display, badge: $('#more-below'), root: $('#wall')});
  const acks = new Acks($('#acks'), store);
  wireControls({
    filters, display, attention, history, silences, acks,
    onSignOut: () => { forget(); location.reload(); },
  });
  // a "silence this" link from a notification: opened once the relay has said who we are
  let silenceLink = takeSilenceLink();

  store.addEventListener('change', ev => {
    const d = ev.detail;
    if (d.kind === 'silence') view.silencesChanged();
    else view.schedule();
    if (d.kind === 'snapshot' && d.reset) {
      header.notice('The relay could not replay what this wall missed (it restarted or its history moved on): '
        + 'the view was reloaded from a fresh snapshot.', 'warn');
    }
  });
  filters.addEventListener('change', () => view.schedule());
  view.addEventListener('rendered', ev => {
    header.counts(ev.detail.visible);
    $('#empty-note').hidden = !(store.loaded && ev.detail.visible.length === 0);
  });
  conn.addEventListener('state', async ev => {
    header.connection(ev.detail);
    document.body.dataset.conn = ev.detail.state;
    if (ev.detail.state === 'unauthorized') {
      forget();
      conn.token = await askForToken($('#signin'), 'The relay refused that token. Check it, or ask for a new one.');
      conn.attempt = 0;
      conn.connect();
    }
  });
  conn.addEventListener('welcome', ev => {
    const operator = ev.detail.role === 'operator' || ev.detail.role === 'admin';
    document.body.classList.toggle('can-operate', operator);
    view.setOperator(operator);
    silences.setOperator(operator);
    acks.setOperator(operator);
    if (silenceLink) {
      if (operator) actions.silenceForm.open(silenceLink);
      else header.notice('This link opens a silence form: silencing needs an operator token.', 'warn');
      silenceLink = null;
    }
  });
  // live only once what the subscription brought (snapshot or replay) is drawn: never an empty "live" wall
  conn.addEventListener('synced', async ev => {
    await view.whenDrawn();
    conn.markLive(ev.detail.ws);
  });
  conn.addEventListener('problem', ev => header.notice(ev.detail, 'error'));

  setInterval(() => {
    refreshRelativeTimes(document.body);
    view.schedule(); // resolved alerts past their fade time leave
  }, TICK_MS);

  conn.connect();
}

main();
