// The WebSocket session with the relay (protocol v1): authenticates, subscribes (resuming with `since` so
// nothing is missed), keeps the store up to date, reconnects with exponential backoff and jitter, and
// carries operator requests. It reports its state as 'connecting', 'loading' (signed in, the snapshot or
// replay not drawn yet), 'live', 'reconnecting' (with retryAt), 'offline' (the browser says there is no
// network) or 'unauthorized' (the token was refused). 'live' is set by whoever draws (markLive), once what
// the relay sent for the subscription is on the page: a wall never says live while it shows nothing yet.

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30000;
const STABLE_MS = 5000;        // a connection that lived this long resets the backoff
const REQUEST_TIMEOUT_MS = 10000;

export class Connection extends EventTarget {
  constructor(store, token) {
    super();
    this.store = store;
    this.token = token;
    this.ws = null;
    this.state = 'connecting';
    this.role = null;
    this.attempt = 0;
    this.pending = new Map(); // request id -> {resolve, reject, timer}
    this.nextId = 1;
    this.retryTimer = null;
    this.watchdog = null;
    window.addEventListener('online', () => { if (this.state === 'offline') this.connect(); });
    window.addEventListener('offline', () => this.drop('offline'));
  }

  url() {
    const u = new URL('ws', location.href); // relative, so the wall also works behind a path prefix
    u.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    return u.href;
  }

  connect() {
    clearTimeout(this.retryTimer);
    if (!navigator.onLine) return this.setState('offline');
    this.setState(this.attempt === 0 ? 'connecting' : this.state);
    const ws = new WebSocket(this.url(), 'alert-relay.v1');
    this.ws = ws;
    let openedAt = 0;
    ws.onopen = () => {
      openedAt = Date.now();
      performance.mark('wall:open');
      ws.send(JSON.stringify({type: 'auth', token: this.token}));
    };
    ws.onmessage = ev => {
      if (ws !== this.ws) return;
      this.lastFrameAt = Date.now();
      this.onFrame(JSON.parse(ev.data));
    };
    ws.onclose = ev => {
      if (ws !== this.ws) return; // a socket we already gave up on
      this.ws = null;
      clearInterval(this.watchdog);
      this.failPending('the connection closed before the relay answered');
      if (ev.code === 4401) return this.setState('unauthorized', {reason: ev.reason});
      if (ev.code === 1013 && !this.gotSnapshotSince(openedAt)) {
        // closed before even the snapshot got through: this tab could not read fast enough (a busy machine)
        this.dispatchEvent(new CustomEvent('problem', {detail: 'The relay closed this wall before its snapshot '
          + `arrived (1013: ${ev.reason || 'try again later'}). Reconnecting; if it keeps happening, this `
          + 'browser is too slow for the traffic, or limits.sendQueueBytes on the relay is too small.'}));
      }
      if (openedAt && Date.now() - openedAt > STABLE_MS) this.attempt = 0;
      this.scheduleRetry();
    };
  }

  gotSnapshotSince(t) {
    return t > 0 && this.snapshotAt >= t;
  }

  /** Exponential backoff with "equal jitter": half the step fixed, half random, so walls don't stampede. */
  scheduleRetry() {
    if (!navigator.onLine) return this.setState('offline');
    const step = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** this.attempt);
    const delay = step / 2 + Math.random() * step / 2;
    this.attempt++;
    this.setState('reconnecting', {retryAt: Date.now() + delay});
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /** Closes the current socket and reconnects (resuming), or goes offline. */
  drop(state) {
    clearTimeout(this.retryTimer);
    const ws = this.ws;
    this.ws = null;
    clearInterval(this.watchdog);
    if (ws) ws.close();
    this.failPending('the connection was dropped');
    if (state === 'offline') this.setState('offline');
    else this.scheduleRetry();
  }

  onFrame(f) {
    switch (f.type) {
      case 'welcome':
        this.role = f.role;
        this.epoch = f.epoch;
        this.dispatchEvent(new CustomEvent('welcome', {detail: f}));
        this.subscribe();
        this.startWatchdog(f.heartbeatSeconds);
        this.setState('loading');
        break;
      case 'snapshot':
        performance.mark('wall:snapshot');
        this.snapshotAt = Date.now();
        this.store.replace(f, this.epoch);
        break;
      case 'alert':
      case 'silence':
        // a gap means a frame was lost between us and the journal: resume from the last one we have
        if (!this.store.apply(f)) this.drop('gap');
        break;
      case 'done':
        this.settle(f.ref, p => p.resolve(f));
        break;
      case 'error':
        if (f.ref && f.ref.startsWith('sub-')) {
          // the subscription was refused: nothing will come on this socket, try a new one (with backoff)
          this.dispatchEvent(new CustomEvent('problem', {detail: `The relay refused to subscribe: ${f.message}`}));
          this.drop('refused');
        } else if (f.ref && this.pending.has(f.ref)) this.settle(f.ref, p => p.reject(new Error(f.message)));
        else this.dispatchEvent(new CustomEvent('problem', {detail: f.message}));
        break;
      case 'pong':
        // answered after the snapshot or the replay (a session's requests are answered in order)
        if (f.id === this.syncId) this.dispatchEvent(new CustomEvent('synced', {detail: {ws: this.ws}}));
        break;
      default:
        break; // a message type added after this wall was written
    }
  }

  /**
   * Subscribes, then pings: a resumed subscription gets no snapshot (only the changes it missed, maybe none)
   * and no answer, so the pong, sent after them, is what says the wall has all it will get for now.
   */
  subscribe() {
    const n = this.nextId++;
    const msg = {type: 'subscribe', id: `sub-${n}`, filter: {matchers: []}};
    const since = this.store.since();
    if (since) msg.since = since;
    this.ws.send(JSON.stringify(msg));
    this.syncId = `sync-${n}`;
    this.ws.send(JSON.stringify({type: 'ping', id: this.syncId}));
  }

  /** Says live once what the subscription brought is drawn; ws is the socket that was synced (it may be gone). */
  markLive(ws) {
    if (ws && ws === this.ws && this.state === 'loading') this.setState('live');
  }

  /** Pings at the relay's heartbeat; a relay silent for two of them plus slack is taken as gone. */
  startWatchdog(heartbeatSeconds) {
    const every = Math.max(5, Number(heartbeatSeconds) || 30) * 1000;
    let n = 0;
    clearInterval(this.watchdog);
    this.watchdog = setInterval(() => {
      if (!this.ws) return;
      if (Date.now() - this.lastFrameAt > 2 * every + 5000) return this.drop('silent');
      this.ws.send(JSON.stringify({type: 'ping', id: `hb-${++n}`}));
    }, every);
  }

  /** Sends an operator request; resolves on the relay's `done`, rejects with its `error` message. */
  request(msg) {
    if (!this.ws || this.state !== 'live') return Promise.reject(new Error('not connected to the relay; try again when the wall is live'));
    const id = `r${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.settle(id, p => p.reject(new Error('the relay did not answer in 10 s'))),
        REQUEST_TIMEOUT_MS);
      this.pending.set(id, {resolve, reject, timer});
      this.ws.send(JSON.stringify({...msg, id}));
    });
  }

  settle(id, fn) {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    fn(p);
  }

  failPending(why) {
    for (const id of [...this.pending.keys()]) this.settle(id, p => p.reject(new Error(why)));
  }

  setState(state, extra = {}) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', {detail: {state, ...extra}}));
  }
}
