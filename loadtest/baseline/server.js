// The Node.js + ws stack Alert Relay replaces, written the way that stack usually is: one process,
// encode each change once with JSON.stringify, loop over the clients, ws.send. It speaks the subset of
// protocol v1 the load test uses: bearer auth on the upgrade, welcome, subscribe (everything, with
// `since` replay from an in-memory journal), alert broadcast with a gap-free seq, POST /api/v2/alerts.
// GET /healthz for the harness; GET /debug/memory (run with --expose-gc) reports RSS and the live heap
// after a full GC, so memory per connection is measured the same way as the relay's.
'use strict';

const http = require('http');
const crypto = require('crypto');
const { WebSocketServer } = require('ws');

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number(process.env.PORT || 8090);
const TOKENS = new Set((process.env.TOKENS || '').split(',').filter(Boolean));
const JOURNAL_MAX = 100000;
const HEARTBEAT_MS = 30000;

const epoch = crypto.randomBytes(8).toString('hex');
let seq = 0;
const journal = []; // [{seq, frame}], oldest first
const alerts = new Map(); // fingerprint -> alert
const subscribers = new Set();

function bearer(req) {
  const h = req.headers.authorization || '';
  return h.startsWith('Bearer ') ? h.slice(7).trim() : null;
}

function fingerprint(labels) {
  const sorted = Object.keys(labels).sort().map((k) => k + '\u00ff' + labels[k]).join('\u00ff');
  return crypto.createHash('sha256').update(sorted).digest('hex').slice(0, 16);
}

function ingest(postable, now) {
  const labels = postable.labels || {};
  const fp = fingerprint(labels);
  const old = alerts.get(fp);
  const alert = {
    fingerprint: fp,
    status: 'firing',
    severity: labels.severity || 'warning',
    labels,
    annotations: postable.annotations || {},
    startsAt: old ? old.startsAt : now,
    endsAt: null,
    updatedAt: now,
    source: 'api:ingest',
    ack: null,
    silencedBy: [],
  };
  alerts.set(fp, alert);
  seq += 1;
  const frame = JSON.stringify({ type: 'alert', seq, alert });
  journal.push({ seq, frame });
  if (journal.length > JOURNAL_MAX) journal.shift();
  for (const ws of subscribers) {
    if (ws.readyState === ws.OPEN) ws.send(frame);
  }
}

function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) reject(new Error('too big'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') return json(res, 200, { status: 'ok' });
  if (req.method === 'GET' && req.url === '/debug/memory') {
    if (global.gc) global.gc();
    const m = process.memoryUsage();
    return json(res, 200, { rss: m.rss, heapUsed: m.heapUsed, external: m.external, clients: subscribers.size });
  }
  if (req.method === 'POST' && req.url === '/api/v2/alerts') {
    if (!TOKENS.has(bearer(req))) return json(res, 401, { error: 'unauthorized', message: 'bearer token required' });
    let list;
    try {
      list = JSON.parse((await readBody(req, 64 * 1024 * 1024)).toString('utf8'));
    } catch (e) {
      return json(res, 400, { error: 'bad-alert', message: e.message });
    }
    if (!Array.isArray(list)) return json(res, 400, { error: 'bad-alert', message: 'expected an array' });
    const now = new Date().toISOString();
    for (const a of list) ingest(a, now);
    return json(res, 200, { accepted: list.length, changed: list.length });
  }
  json(res, 404, { error: 'not-found', message: req.method + ' ' + req.url });
});

const wss = new WebSocketServer({ noServer: true, maxPayload: 65536 });

server.on('upgrade', (req, socket, head) => {
  if (req.url !== '/ws') return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => {
    if (!TOKENS.has(bearer(req))) return ws.close(4401, 'unauthorized');
    wss.emit('connection', ws, req);
  });
});

wss.on('connection', (ws) => {
  ws.isAlive = true;
  ws.on('pong', () => { ws.isAlive = true; });
  ws.send(JSON.stringify({ type: 'welcome', server: 'ws-baseline', epoch, seq, heartbeatSeconds: HEARTBEAT_MS / 1000, role: 'viewer' }));
  ws.on('message', (data) => {
    let msg;
    try {
      msg = JSON.parse(data);
    } catch (e) {
      return ws.send(JSON.stringify({ type: 'error', code: 'bad-message', message: 'not JSON', ref: null }));
    }
    if (msg.type === 'ping') return ws.send(JSON.stringify({ type: 'pong', id: msg.id }));
    if (msg.type !== 'subscribe') return;
    const since = msg.since;
    const oldest = journal.length ? journal[0].seq : seq + 1;
    if (since && since.epoch === epoch && since.seq >= oldest - 1 && since.seq <= seq) {
      for (let i = since.seq - oldest + 1; i < journal.length; i++) ws.send(journal[i].frame);
    } else {
      ws.send(JSON.stringify({ type: 'snapshot', seq, alerts: [...alerts.values()], silences: [], reset: !!since }));
    }
    subscribers.add(ws);
  });
  ws.on('close', () => subscribers.delete(ws));
});

const heartbeat = setInterval(() => {
  for (const ws of wss.clients) {
    if (!ws.isAlive) { ws.terminate(); continue; }
    ws.isAlive = false;
    ws.ping();
  }
}, HEARTBEAT_MS);
wss.on('close', () => clearInterval(heartbeat));

server.listen(PORT, HOST, () => console.log(`ws baseline listening on http://${HOST}:${PORT} (epoch ${epoch})`));
process.on('SIGTERM', () => process.exit(0));
