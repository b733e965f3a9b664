-- Puts one node's state into Redis under a new epoch when the history Redis holds is not one the cluster can go
-- on from, and only then (several nodes may try at once; the first wins, the others get its epoch back):
--   ARGV[2] = ''    : Redis holds no epoch (it lost its data)
--   ARGV[2] = E     : Redis holds epoch E but went back in time (its seq is below ARGV[3], the seq this node
--                     reached: a failover or a restore lost acknowledged writes), or E is fresh (made by a node
--                     that started on an empty Redis) and nobody wrote to it yet
-- KEYS: as load.lua. ARGV: new epoch, expected epoch, seq reached, n alerts, then per alert: fp, frame, exp
-- (ms or ''), n silences, then per silence: id, frame
local epoch = redis.call('GET', KEYS[1])
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
local replace
if ARGV[2] == '' then
  replace = not epoch
else
  replace = epoch == ARGV[2] and (seq < tonumber(ARGV[3]) or (redis.call('EXISTS', KEYS[8]) == 1 and seq == 0))
end
if not replace then return epoch or '' end
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8])
local i = 4
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
