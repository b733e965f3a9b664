-- Puts one node's state back into a Redis that lost it, under a new epoch; a no-op when an epoch exists (another
-- node re-seeded first). KEYS as load.lua.
-- ARGV: new epoch, n alerts, then per alert: fp, frame, exp (ms or ''), n silences, then per silence: id, frame
local epoch = redis.call('GET', KEYS[1])
if epoch then return epoch end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7])
local i = 2
local n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
  if ARGV[i + 2] ~= '' then redis.call('HSET', KEYS[5], ARGV[i], ARGV[i + 2]) end
  i = i + 3
end
n = tonumber(ARGV[i]); i = i + 1
for _ = 1, n do
  redis.call('HSET', KEYS[6], ARGV[i], ARGV[i + 1]); i = i + 2
end
redis.call('SET', KEYS[2], '0')
redis.call('SET', KEYS[1], ARGV[1])
return ARGV[1]
