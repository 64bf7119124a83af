"""The Lua the Redis frontier runs server-side, so each step is atomic: a worker killed
between two commands can neither lose a page nor record one twice.

Keys, under ``brandlint:crawl:<id>:``: ``meta`` (hash: seeds, policy, started), ``queue``
(stream; consumer group ``workers``), ``seen`` (set of canonical URLs), ``outcomes``
(hash: page key -> outcome JSON), ``skipped`` (hash: URL -> reason), ``failed`` (set of
page keys), ``attempted`` (set of page keys, for ``--max-pages``), ``workers`` (sorted set:
consumer -> last heartbeat, Redis' clock), ``rate:<host>`` (next page-load slot, ms).
"""
from __future__ import annotations

# Links found on a page: ARGV triples (kind, url, payload) after the fixed ones.
# kind "q": queue payload (a JSON list of items, one per device) when url is new;
# kind "s": record url as skipped with reason payload when new.
_ADD = """
local function add(seen, queue, skipped, kind, url, payload)
  if redis.call('SADD', seen, url) == 1 then
    if kind == 'q' then
      for _, it in ipairs(cjson.decode(payload)) do
        redis.call('XADD', queue, '*', 'item', cjson.encode(it))
      end
    else
      redis.call('HSETNX', skipped, url, payload)
    end
  end
end
"""

# KEYS: meta seen queue skipped; ARGV: group, meta JSON, then triples. Returns the stored
# meta JSON when the crawl existed (join), or false when this call started it.
START = _ADD + """
local old = redis.call('HGET', KEYS[1], 'json')
if old then return old end
local t = redis.call('TIME')
local meta = cjson.decode(ARGV[2])
meta['started'] = tonumber(t[1]) + tonumber(t[2]) / 1e6
redis.call('HSET', KEYS[1], 'json', cjson.encode(meta))
redis.call('XGROUP', 'CREATE', KEYS[3], ARGV[1], '0', 'MKSTREAM')
for i = 3, #ARGV, 3 do add(KEYS[2], KEYS[3], KEYS[4], ARGV[i], ARGV[i + 1], ARGV[i + 2]) end
return false
"""

# KEYS: outcomes seen queue skipped failed; ARGV: group, entry id, page key, outcome JSON,
# failed (0/1), then triples. Records the outcome once (HSETNX), queues the links, acks
# and deletes the entry. Returns 1 when this outcome is the one kept. An empty page key:
# links only (pages restored from elsewhere).
COMPLETE = _ADD + """
local kept = 1
if ARGV[3] ~= '' then kept = redis.call('HSETNX', KEYS[1], ARGV[3], ARGV[4]) end
if kept == 1 then
  if ARGV[5] == '1' then redis.call('SADD', KEYS[5], ARGV[3]) end
  for i = 6, #ARGV, 3 do add(KEYS[2], KEYS[3], KEYS[4], ARGV[i], ARGV[i + 1], ARGV[i + 2]) end
end
if ARGV[2] ~= '' then
  redis.call('XACK', KEYS[3], ARGV[1], ARGV[2])
  redis.call('XDEL', KEYS[3], ARGV[2])
end
return kept
"""

# KEYS: attempted; ARGV: page key, max pages. 1 when the page may be attempted.
ADMIT = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
return 1
"""

# KEYS: rate:<host>; ARGV: interval ms. Milliseconds to wait before this page load.
RATE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local slot = math.max(now, tonumber(redis.call('GET', KEYS[1]) or now))
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], slot + interval, 'PX', math.floor(interval * 2 + 60000))
return slot - now
"""

# KEYS: workers; ARGV: consumer, lease seconds, "1" to remove. Heartbeat; returns the
# number of workers seen within the lease.
ALIVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1e6
if ARGV[3] == '1' then redis.call('ZREM', KEYS[1], ARGV[1])
elseif ARGV[1] ~= '' then redis.call('ZADD', KEYS[1], now, ARGV[1]) end
return redis.call('ZCOUNT', KEYS[1], now - tonumber(ARGV[2]), '+inf')
"""
