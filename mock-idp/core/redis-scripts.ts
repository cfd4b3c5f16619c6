/**
 * The two Lua scripts the Redis store runs. A script runs atomically: no other command runs while it does
 * (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/), so a change, the store-wide sequence
 * number it gets and the feed message announcing it are one step, and every process sees changes in sequence order.
 *
 * Layout under the store's prefix `<p>`: `<p>m:<name>` a hash per map (field = record key, value = JSON),
 * `<p>l:<name>` a list per bounded list, `<p>seq` the sequence of changes, `<p>names` the set of collection names
 * (`m:…`/`l:…`), `<p>seeded` the maps a harness has seeded. One Redis (or a primary), not Redis Cluster: keys are
 * derived inside the scripts.
 *
 * Feed message (PUBLISH <p>feed, https://redis.io/docs/latest/commands/publish/): a JSON header
 * `[seq, op, name, field]`, a newline, then the value as stored (JSON, or nothing). cjson escapes newlines, so the
 * first newline ends the header.
 */

/**
 * One change. KEYS: seq, the collection's key, names. ARGV: channel, op, name (with its m:/l: kind), field, value,
 * extra (a list's capacity, or the expected JSON of a compare-and-set).
 * Returns {1, seq} when something changed, {0, current} when a create-if-absent or compare-and-set lost (with the
 * stored value, so the caller's replica can catch up) or a delete found nothing.
 * HSETNX: https://redis.io/docs/latest/commands/hsetnx/ — LTRIM: https://redis.io/docs/latest/commands/ltrim/
 */
export const WRITE_SCRIPT = `
local op, key, field, value = ARGV[2], KEYS[2], ARGV[4], ARGV[5]
if op == 'set' then
  redis.call('HSET', key, field, value)
elseif op == 'setnx' then
  if redis.call('HSETNX', key, field, value) == 0 then return {0, redis.call('HGET', key, field)} end
  op = 'set'
elseif op == 'cas' then
  local current = redis.call('HGET', key, field)
  if current ~= ARGV[6] then return {0, current} end
  if value == '' then redis.call('HDEL', key, field); op = 'del' else redis.call('HSET', key, field, value); op = 'set' end
elseif op == 'del' then
  if redis.call('HDEL', key, field) == 0 then return {0, false} end
elseif op == 'clear' then
  if redis.call('DEL', key) == 0 then return {0, false} end
elseif op == 'push' then
  redis.call('RPUSH', key, value)
  redis.call('LTRIM', key, -tonumber(ARGV[6]), -1)
end
redis.call('SADD', KEYS[3], ARGV[3])
local seq = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[1], cjson.encode({seq, op, ARGV[3], field}) .. '\\n' .. value)
return {1, seq}
`;

/**
 * Seeds the maps nobody seeded yet, then returns everything: {seq, name, entries, name, entries, …} (HGETALL's
 * flat field/value list for maps, LRANGE for lists), all as of `seq`. KEYS: seq, names, seeded. ARGV: prefix,
 * channel, seeds as JSON `{"m:<name>": [[field, value], …]}`. A map is seeded once for the whole fleet (HSETNX on
 * `seeded`), so a process joining a running fleet keeps the clients registered before it started.
 */
export const SYNC_SCRIPT = `
local prefix, seeds = ARGV[1], cjson.decode(ARGV[3])
for name, entries in pairs(seeds) do
  if redis.call('HSETNX', KEYS[3], name, '1') == 1 then
    local key = prefix .. name
    redis.call('DEL', key)
    for _, entry in ipairs(entries) do redis.call('HSET', key, entry[1], entry[2]) end
    redis.call('SADD', KEYS[2], name)
    local seq = redis.call('INCR', KEYS[1])
    redis.call('PUBLISH', ARGV[2], cjson.encode({seq, 'reload', name, ''}) .. '\\n')
  end
end
local out = {redis.call('GET', KEYS[1]) or '0'}
for _, name in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  out[#out + 1] = name
  if string.sub(name, 1, 2) == 'l:' then
    out[#out + 1] = redis.call('LRANGE', prefix .. name, 0, -1)
  else
    out[#out + 1] = redis.call('HGETALL', prefix .. name)
  end
end
return out
`;
