/**
 * The Lua shared by the Redis capacity scripts: one deployment's state (learned limits, Retry-After, breaker),
 * its leases and its two sliding windows, with the same arithmetic as learned-limits.ts, circuit-breaker.ts and
 * sliding-window-counter.ts. Every script starts with this prelude and the same ARGV layout (see
 * redis-capacity-scripts.ts); its own arguments start at ARGV[13].
 *
 * Keys (one hash tag per deployment, so a cluster keeps them on one slot):
 *   KEYS[1] state    hash: concurrency rpm tpm ceil_r ceil_t recovered_at throttled_until failures open_until
 *                          tripped probe latency head
 *   KEYS[2] leases   sorted set: lease id -> expiry (Redis server ms); in flight = its size after purging
 *   KEYS[3] requests hash: bucket number -> requests started in that bucket
 *   KEYS[4] tokens   hash: bucket number -> tokens (estimates, replaced by real counts on release)
 *
 * Clocks: `now` (ARGV[1]) is the caller's epoch ms, as the CapacityStore contract passes it; windows, Retry-After
 * and the breaker use it. Lease expiry uses the Redis server's TIME, so a replica's clock never expires another
 * replica's leases. Floats are stored with 17 significant digits (tostring would round to 14).
 */
export const capacityLuaPrelude = `
if redis.replicate_commands then redis.replicate_commands() end
local now = tonumber(ARGV[1])
local cap_c, cap_r, cap_t = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local decrease, inc_success, inc_second = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local threshold, open_ms = tonumber(ARGV[8]), tonumber(ARGV[9])
local bucket_ms, bucket_count, state_ttl = tonumber(ARGV[10]), tonumber(ARGV[11]), tonumber(ARGV[12])
local state_key, leases_key, requests_key, tokens_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local window_ttl = bucket_ms * bucket_count * 2

local function fmt(x) return string.format('%.17g', x) end

local function server_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function load_state()
  local raw = redis.call('HGETALL', state_key)
  local h = {}
  for i = 1, #raw, 2 do h[raw[i]] = raw[i + 1] end
  return {
    concurrency = tonumber(h.concurrency) or cap_c,
    rpm = tonumber(h.rpm) or cap_r,
    tpm = tonumber(h.tpm) or cap_t,
    ceil_r = tonumber(h.ceil_r) or cap_r,
    ceil_t = tonumber(h.ceil_t) or cap_t,
    recovered_at = tonumber(h.recovered_at) or now,
    throttled_until = tonumber(h.throttled_until) or 0,
    failures = tonumber(h.failures) or 0,
    open_until = tonumber(h.open_until) or 0,
    tripped = h.tripped == '1',
    probe = h.probe or '',
    latency = tonumber(h.latency),
    -- the newest window bucket seen by any replica: time never runs backwards for the windows
    head = math.max(tonumber(h.head) or 0, math.floor(now / bucket_ms)),
  }
end

local function save_state(s)
  local fields = {
    'concurrency', fmt(s.concurrency), 'rpm', fmt(s.rpm), 'tpm', fmt(s.tpm),
    'ceil_r', fmt(s.ceil_r), 'ceil_t', fmt(s.ceil_t), 'recovered_at', fmt(s.recovered_at),
    'throttled_until', fmt(s.throttled_until), 'failures', fmt(s.failures), 'open_until', fmt(s.open_until),
    'tripped', s.tripped and '1' or '0', 'probe', s.probe, 'head', fmt(s.head),
  }
  if s.latency ~= nil then
    fields[#fields + 1] = 'latency'
    fields[#fields + 1] = fmt(s.latency)
  end
  redis.call('HSET', state_key, unpack(fields))
  redis.call('PEXPIRE', state_key, state_ttl)
end

-- learned limits (learned-limits.ts)
local function whole(v) return math.max(1, math.floor(v + 1e-9)) end
local function clamp_to(v, ceiling) return math.min(ceiling, math.max(1, v)) end
local function clamp(s)
  s.ceil_r = math.min(s.ceil_r, cap_r)
  s.ceil_t = math.min(s.ceil_t, cap_t)
  s.concurrency = clamp_to(s.concurrency, cap_c)
  s.rpm = clamp_to(s.rpm, s.ceil_r)
  s.tpm = clamp_to(s.tpm, s.ceil_t)
end
local function increase(s, f)
  s.concurrency = s.concurrency + cap_c * f
  s.rpm = s.rpm + s.ceil_r * f
  s.tpm = s.tpm + s.ceil_t * f
  clamp(s)
end
local function recover(s)
  local from = math.max(s.recovered_at, s.throttled_until)
  if now > s.recovered_at then s.recovered_at = now end
  local seconds = (now - from) / 1000
  if seconds > 0 then increase(s, inc_second * seconds) else clamp(s) end
end
local function observe(s, rl)
  if rl.limit_requests ~= nil and rl.limit_requests > 0 then s.ceil_r = math.min(cap_r, rl.limit_requests) end
  if rl.limit_tokens ~= nil and rl.limit_tokens > 0 then s.ceil_t = math.min(cap_t, rl.limit_tokens) end
  clamp(s)
end

-- circuit breaker (circuit-breaker.ts); the probe in flight is a lease id, gone when that lease is
local function breaker_state(s)
  if not s.tripped then return 'closed' end
  if now < s.open_until then return 'open' end
  return 'half-open'
end
local function probe_in_flight(s)
  return s.probe ~= '' and redis.call('ZSCORE', leases_key, s.probe) ~= false
end
local function breaker_success(s)
  s.failures = 0
  if breaker_state(s) == 'open' then return end
  s.tripped = false
end
local function breaker_failure(s)
  s.failures = s.failures + 1
  local state = breaker_state(s)
  if state ~= 'closed' or s.failures >= threshold then
    s.open_until = math.max(s.open_until, now + open_ms)
    s.tripped = true
  end
end

-- leases: a replica that dies stops refreshing its leases, and they expire here
local function purge_leases(server_now)
  redis.call('ZREMRANGEBYSCORE', leases_key, '-inf', server_now)
  return redis.call('ZCARD', leases_key)
end
local function extend_leases_key(lease_ttl)
  if redis.call('PTTL', leases_key) < lease_ttl + 1000 then redis.call('PEXPIRE', leases_key, lease_ttl + 1000) end
end

-- sliding windows (sliding-window-counter.ts): buckets older than the window are dropped as they are read
local function window(key, head)
  local raw = redis.call('HGETALL', key)
  local total, buckets, stale = 0, {}, {}
  for i = 1, #raw, 2 do
    local b = tonumber(raw[i])
    if b <= head - bucket_count then
      stale[#stale + 1] = raw[i]
    else
      local v = tonumber(raw[i + 1])
      total = total + v
      buckets[#buckets + 1] = { b, v }
    end
  end
  if #stale > 0 then redis.call('HDEL', key, unpack(stale)) end
  return total, buckets
end
local function frees_at(head, buckets, amount)
  table.sort(buckets, function(a, b) return a[1] < b[1] end)
  local freed = 0
  for _, entry in ipairs(buckets) do
    freed = freed + entry[2]
    if freed >= amount then return (entry[1] + bucket_count) * bucket_ms end
  end
  return (head + bucket_count) * bucket_ms
end
`;
