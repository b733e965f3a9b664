-- Where the shared history stands: epoch ('' when none), latest seq, and whether the epoch is fresh (made by a
-- node that started on an empty Redis, nothing written yet). KEYS: 1 epoch, 2 seq, 3 fresh
return {redis.call('GET', KEYS[1]) or '', redis.call('GET', KEYS[2]) or '0', redis.call('EXISTS', KEYS[3])}
