-- The journal after a seq, with the epoch it belongs to, read at one instant.
-- KEYS: 1 epoch, 2 journal. ARGV: first seq wanted, max entries
return {redis.call('GET', KEYS[1]) or '', redis.call('XRANGE', KEYS[2], '0-' .. ARGV[1], '+', 'COUNT', ARGV[2])}
