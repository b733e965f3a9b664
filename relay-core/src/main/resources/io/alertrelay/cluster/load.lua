-- What a node starts from, read at one instant: epoch, latest seq, alerts, expiries, silences, and where the
-- streams stand (the journal itself is read in pages with after.lua, so no one script blocks Redis for long).
-- An empty Redis gets a new epoch (ARGV[1]) marked fresh: a node that holds state may put it back over a fresh
-- epoch nobody wrote to yet (reseed.lua), so a node starting on an empty Redis cannot wipe what the others hold.
-- KEYS: 1 epoch, 2 seq, 3 journal, 4 alerts, 5 expiry, 6 silences, 7 touches, 8 fresh
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  local found = {}
  for k = 2, 7 do
    if redis.call('EXISTS', KEYS[k]) == 1 then table.insert(found, KEYS[k]) end
  end
  -- keys of ours without an epoch were not written by a relay: somebody else's data, or a Redis that evicts
  if #found > 0 then return {'foreign', table.concat(found, ' ')} end
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SET', KEYS[2], '0')
  redis.call('SET', KEYS[8], '1')
  epoch = ARGV[1]
end
local lastTouch = redis.call('XREVRANGE', KEYS[7], '+', '-', 'COUNT', 1)
return {'ok', epoch, redis.call('GET', KEYS[2]) or '0', redis.call('HGETALL', KEYS[4]),
        redis.call('HGETALL', KEYS[5]), redis.call('HGETALL', KEYS[6]),
        (lastTouch[1] and lastTouch[1][1]) or '0-0'}
