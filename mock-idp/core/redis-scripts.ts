/**
 * The Lua scripts the Redis store runs. A script runs atomically: no other command runs while it does
 * (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/), so a change, the store-wide sequence
 * number it gets and the feed message announcing it are one step, and every process sees changes in sequence order.
 *
 * Layout under the store's prefix `<p>`: `<p>m:<name>` a hash per map (field = record key, value = JSON),
 * `<p>l:<name>` a list per bounded list, `<p>seq` the sequence of changes, `<p>names` the set of collection names
 * (`m:…`/`l:…`), `<p>seeded` the maps a harness has seeded, `<p>epoch` a name for this Redis's data (set once; gone
 * when the data is: a restart without persistence, FLUSHALL), `<p>restored` the epoch whose restore was made. One Redis (or a primary), not Redis Cluster: keys are
 * derived inside the scripts.
 *
 * Every write names the epoch its process loaded from and is refused (`EPOCH`) under another: a process that has not
 * yet noticed that Redis lost its data cannot write into the emptied one (its request gets a 503 and it reloads).
 *
 * Feed message (PUBLISH <p>feed:<db>, https://redis.io/docs/latest/commands/publish/; one channel per database, as
 * pub/sub ignores database numbers): a JSON header `[seq, [[op, name, field, byte length of the value], …], epoch]`,
 * a newline, then the values as stored (JSON text, or nothing), one after another. cjson escapes newlines, so the
 * first newline byte ends the header. The epoch lets a replica drop a message from before a data loss.
 */

/** Refuses the script unless the epoch is the caller's (an empty expected epoch: a process still starting). */
const EPOCH_CHECK = (epochKey: string, expected: string) => `
local epoch = redis.call('GET', ${epochKey}) or ''
if ${expected} ~= '' and epoch ~= ${expected} then return redis.error_reply('EPOCH the data was lost') end
`;

/**
 * A batch of plain writes (every write one process made in one turn of its event loop): applied in order, numbered
 * once, announced in one message, so a request's writes reach Redis and every replica together or not at all.
 * KEYS: seq, names, epoch. ARGV: prefix, channel, expected epoch, count, then per write: op (set, del, clear, push),
 * name (with its m:/l: kind), field, value, extra (a list's capacity). Returns the batch's sequence number.
 * HSET/HDEL/DEL/RPUSH: https://redis.io/docs/latest/commands/ — LTRIM: https://redis.io/docs/latest/commands/ltrim/
 */
export const WRITE_SCRIPT = `${EPOCH_CHECK('KEYS[3]', 'ARGV[3]')}
local prefix, ops, values = ARGV[1], {}, {}
for i = 0, tonumber(ARGV[4]) - 1 do
  local at = 5 + i * 5
  local op, name, field, value = ARGV[at], ARGV[at + 1], ARGV[at + 2], ARGV[at + 3]
  local key = prefix .. name
  if op == 'set' then redis.call('HSET', key, field, value)
  elseif op == 'del' then redis.call('HDEL', key, field)
  elseif op == 'clear' then redis.call('DEL', key)
  elseif op == 'push' then
    redis.call('RPUSH', key, value)
    redis.call('LTRIM', key, -tonumber(ARGV[at + 4]), -1)
  end
  redis.call('SADD', KEYS[2], name)
  ops[#ops + 1] = {op, name, field, #value}
  values[#values + 1] = value
end
local seq = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[2], cjson.encode({seq, ops, epoch}) .. '\\n' .. table.concat(values))
return seq
`;

/**
 * One conditional write, decided here: create-if-absent (HSETNX, https://redis.io/docs/latest/commands/hsetnx/) or
 * compare-and-set against the stored JSON text (an empty next value deletes). KEYS: seq, names, epoch. ARGV: prefix,
 * channel, op (setnx, cas), name, field, value, expected, expected epoch. Returns {1, seq} when written, {0, stored}
 * when not.
 */
export const DECIDE_SCRIPT = `${EPOCH_CHECK('KEYS[3]', 'ARGV[8]')}
local key, field, value = ARGV[1] .. ARGV[4], ARGV[5], ARGV[6]
local op = 'set'
if ARGV[3] == 'setnx' then
  if redis.call('HSETNX', key, field, value) == 0 then return {0, redis.call('HGET', key, field)} end
else
  local current = redis.call('HGET', key, field)
  if current ~= ARGV[7] then return {0, current} end
  if value == '' then redis.call('HDEL', key, field); op = 'del' else redis.call('HSET', key, field, value) end
end
redis.call('SADD', KEYS[2], ARGV[4])
local seq = redis.call('INCR', KEYS[1])
redis.call('PUBLISH', ARGV[2], cjson.encode({seq, {{op, ARGV[4], field, #value}}, epoch}) .. '\\n' .. value)
return {1, seq}
`;

/**
 * Loads a replica: seeds the maps nobody seeded yet, then returns everything: {seq, epoch, name, entries, name,
 * entries, …} (HGETALL's flat field/value list for maps, LRANGE for lists), all as of `seq`. KEYS: seq, names,
 * seeded, epoch, restored. ARGV: prefix, channel, seeds as JSON `{"m:<name>": [[field, value], …]}`, an epoch to set
 * if there is none, the collections to restore (same form), the epoch the caller was loaded from ('' at its start).
 *
 * A map is seeded once for the whole fleet (HSETNX on `seeded`), so a process joining a running fleet keeps the
 * clients registered before it started. When Redis lost its data (the caller was loaded from an epoch that is gone),
 * the first such caller puts back the collections to restore (signing keys: tokens issued before keep verifying) as
 * its replica held them, over whatever was written since (a process that started meanwhile may have made a key of its
 * own); `restored` (set once per epoch) keeps the others, and starting processes, from doing it again.
 */
export const SYNC_SCRIPT = `
local prefix, seeds = ARGV[1], cjson.decode(ARGV[3])
redis.call('SETNX', KEYS[4], ARGV[4])
local epoch = redis.call('GET', KEYS[4])
local function announce(name)
  redis.call('SADD', KEYS[2], name)
  local seq = redis.call('INCR', KEYS[1])
  redis.call('PUBLISH', ARGV[2], cjson.encode({seq, {{'reload', name, '', 0}}, epoch}) .. '\\n')
end
for name, entries in pairs(seeds) do
  if redis.call('HSETNX', KEYS[3], name, '1') == 1 then
    local key = prefix .. name
    redis.call('DEL', key)
    for _, entry in ipairs(entries) do redis.call('HSET', key, entry[1], entry[2]) end
    announce(name)
  end
end
if ARGV[6] ~= '' and ARGV[6] ~= epoch and redis.call('SETNX', KEYS[5], epoch) == 1 then
  for name, entries in pairs(cjson.decode(ARGV[5])) do
    for _, entry in ipairs(entries) do redis.call('HSET', prefix .. name, entry[1], entry[2]) end
    if #entries > 0 then announce(name) end
  end
end
local out = {redis.call('GET', KEYS[1]) or '0', epoch}
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
