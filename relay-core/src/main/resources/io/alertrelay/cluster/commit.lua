-- One step of the pipeline, all or nothing, only if it was built on the latest entry (optimistic concurrency:
-- a refused step is rebuilt by its node after catching up).
-- KEYS: 1 epoch, 2 seq, 3 journal (stream), 4 alerts (hash fp -> frame), 5 expiry (hash fp -> ms),
--       6 silences (hash id -> frame), 7 touches (stream of expiry moves)
-- ARGV: epoch, expected latest seq (-1: any), journal max entries, touches max entries,
--       n entries, then per entry: seq, at (ms), kind (a|s), id, frame, exp (ms or '')
--       n dropped alerts, fingerprints..., n dropped silences, ids..., n touched, then per touch: fp, exp (ms)
local epoch = redis.call('GET', KEYS[1])
if epoch ~= ARGV[1] then return {'epoch', epoch or ''} end
local latest = tonumber(redis.call('GET', KEYS[2]) or '0')
-- a step without journal entries (only drops and expiry moves) is written whatever came before it (expected -1):
-- the drops below delete only resolved alerts and expiries only ever move forward, so order does not matter
if ARGV[2] ~= '-1' and latest ~= tonumber(ARGV[2]) then return {'stale', tostring(latest)} end
-- an expiry moves forward only: a node that had not yet heard of a re-send elsewhere must not pull it back
local function extend(fp, exp)
  local current = redis.call('HGET', KEYS[5], fp)
  if not current or tonumber(exp) > tonumber(current) then redis.call('HSET', KEYS[5], fp, exp) end
end
local journalMax = ARGV[3]
local touchesMax = ARGV[4]
local i = 5
local n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  local seq, at, kind, id, frame, exp = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  i = i + 6
  redis.call('XADD', KEYS[3], 'MAXLEN', '~', journalMax, '0-' .. seq,
             'epoch', ARGV[1], 'at', at, 'frame', frame, 'exp', exp)
  if kind == 'a' then
    redis.call('HSET', KEYS[4], id, frame)
    -- resolved alerts carry no expiry: that is also what marks them as droppable below
    if exp == '' then redis.call('HDEL', KEYS[5], id) else extend(id, exp) end
  else
    redis.call('HSET', KEYS[6], id, frame)
  end
  latest = tonumber(seq)
end
if n > 0 then redis.call('SET', KEYS[2], latest) end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  -- only if still resolved: another node may have fired it again since this node decided to drop it
  if redis.call('HEXISTS', KEYS[5], ARGV[i]) == 0 then redis.call('HDEL', KEYS[4], ARGV[i]) end
  i = i + 1
end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  redis.call('HDEL', KEYS[6], ARGV[i]); i = i + 1
end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  extend(ARGV[i], ARGV[i + 1])
  redis.call('XADD', KEYS[7], 'MAXLEN', '~', touchesMax, '*', 'epoch', ARGV[1], 'fp', ARGV[i], 'exp', ARGV[i + 1])
  i = i + 2
end
return {'ok', tostring(latest)}
