// The room directory's Lua scripts. A room is one hash: a field per peer holding
// {"n": node id, "k": resume key digest, "a": 1 when away}, and `_call` for the call it belongs to.
// A node proves it is alive by renewing `<prefix>node:<id>`; peers of nodes whose key lapsed are
// pruned by whichever script reads the room next. Each script runs atomically, which is what makes
// the capacity check and the hand-over on resume race-free across nodes.

// Reads the room, drops peers of dead nodes (except ARGV[2], the caller's own peer) and leaves
// `peers` (field, value, field, value, ...) and `pruned` behind.
const COLLECT = `
local nodePrefix = ARGV[1]
local self = ARGV[2]
local peers, pruned = {}, {}
local fields = redis.call('HGETALL', KEYS[1])
for i = 1, #fields, 2 do
  local field, value = fields[i], fields[i + 1]
  if field ~= '_call' and field ~= self then
    if redis.call('EXISTS', nodePrefix .. cjson.decode(value).n) == 0 then
      redis.call('HDEL', KEYS[1], field)
      pruned[#pruned + 1] = field
    else
      peers[#peers + 1] = field
      peers[#peers + 1] = value
    end
  end
end
`;

const CALL = `(redis.call('HGET', KEYS[1], '_call') or '')`;

/** KEYS: room. ARGV: node prefix, peer id, entry json, capacity, call id or '', ttl ms. */
export const JOIN_SCRIPT = `${COLLECT}
if #peers / 2 >= tonumber(ARGV[4]) then return {0, pruned} end
redis.call('HSET', KEYS[1], self, ARGV[3])
if ARGV[5] ~= '' then redis.call('HSETNX', KEYS[1], '_call', ARGV[5]) end
redis.call('PEXPIRE', KEYS[1], ARGV[6])
return {1, pruned, peers, ${CALL}}
`;

/** KEYS: room. ARGV: node prefix, peer id, resume digest, entry json, ttl ms. Answers 1, -1 (no such peer) or -2 (wrong key). */
export const RESUME_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[2])
if not current then return {-1} end
if cjson.decode(current).k ~= ARGV[3] then return {-2} end
${COLLECT}
redis.call('HSET', KEYS[1], self, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {1, pruned, peers, ${CALL}}
`;

/** KEYS: room. ARGV: node prefix, '' (no peer is spared). */
export const PRUNE_SCRIPT = `${COLLECT}
if redis.call('HLEN', KEYS[1]) == 1 and redis.call('HEXISTS', KEYS[1], '_call') == 1 then redis.call('DEL', KEYS[1]) end
return pruned
`;

/** KEYS: room. ARGV: node id, peer id. Marks the peer away if this node holds it. */
export const MARK_AWAY_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[2])
if not current then return 0 end
local entry = cjson.decode(current)
if entry.n ~= ARGV[1] then return 0 end
entry.a = 1
redis.call('HSET', KEYS[1], ARGV[2], cjson.encode(entry))
return 1
`;

/** KEYS: room. ARGV: node id, peer id. Removes the peer if this node holds it; a room left with only its call binding goes. */
export const LEAVE_SCRIPT = `
local current = redis.call('HGET', KEYS[1], ARGV[2])
if not current or cjson.decode(current).n ~= ARGV[1] then return 0 end
redis.call('HDEL', KEYS[1], ARGV[2])
if redis.call('HLEN', KEYS[1]) == 1 and redis.call('HEXISTS', KEYS[1], '_call') == 1 then redis.call('DEL', KEYS[1]) end
return 1
`;
