-- Everything a node starts from, read at one instant. An empty Redis gets a new epoch (ARGV[1]) first.
-- KEYS: 1 epoch, 2 seq, 3 journal, 4 alerts, 5 expiry, 6 silences, 7 touches
local epoch = redis.call('GET', KEYS[1])
if not epoch then
  redis.call('DEL', KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7])
  redis.call('SET', KEYS[1], ARGV[1])
  redis.call('SET', KEYS[2], '0')
  epoch = ARGV[1]
end
return {epoch, redis.call('GET', KEYS[2]) or '0', redis.call('HGETALL', KEYS[4]), redis.call('HGETALL', KEYS[5]),
        redis.call('HGETALL', KEYS[6]), redis.call('XRANGE', KEYS[3], '-', '+')}
