/**
 * The Redis capacity scripts: each is one atomic step of the shared CapacityStore, run with EVALSHA (EVAL when
 * the server does not know it yet). All take the four keys of one deployment and the common ARGV layout:
 *
 *   1 now (caller's epoch ms)   2-4 declared maxConcurrent, requestsPerMinute, tokensPerMinute
 *   5-7 decreaseFactor, increasePerSuccess, increasePerSecond   8-9 breaker failureThreshold, openMs
 *   10-11 window bucketMs, bucketCount   12 state TTL (ms)   13... the script's own arguments
 */
import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { capacityLuaPrelude } from './redis-capacity-lua.js';

/** A Lua script run by SHA, loaded on demand (after a restart or SCRIPT FLUSH the server forgets it). */
export class LuaScript {
  readonly sha: string;

  constructor(readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/**
 * Take one slot if every check passes, in the in-memory store's order: Retry-After, breaker (one half-open probe),
 * concurrency, requests/min, tokens/min. ARGV 13 estimated tokens, 14 lease id, 15 lease TTL (ms).
 * Returns { 1, bucket, isProbe } or { 0, reason }.
 */
const acquire = `${capacityLuaPrelude}
local tokens, lease_id, lease_ttl = tonumber(ARGV[13]), ARGV[14], tonumber(ARGV[15])
local s = load_state()
recover(s)
local server_now = server_ms()
local in_flight = purge_leases(server_now)
local function refuse(reason)
  save_state(s)
  return { 0, reason }
end
if s.throttled_until > now then return refuse('throttled') end
local breaker = breaker_state(s)
local is_probe = false
if breaker ~= 'closed' then
  if breaker == 'open' or probe_in_flight(s) then return refuse('breaker') end
  is_probe = true
end
if in_flight >= whole(s.concurrency) then return refuse('concurrency') end
local requests = window(requests_key, s.head)
if requests >= whole(s.rpm) then return refuse('requests') end
local tokens_used = window(tokens_key, s.head)
-- a request larger than the whole budget still goes through an empty window, rather than never
if tokens_used > 0 and tokens_used + tokens > whole(s.tpm) then return refuse('tokens') end
if is_probe then s.probe = lease_id end
redis.call('ZADD', leases_key, server_now + lease_ttl, lease_id)
extend_leases_key(lease_ttl)
local bucket = fmt(s.head)
redis.call('HINCRBY', requests_key, bucket, 1)
redis.call('PEXPIRE', requests_key, window_ttl)
redis.call('HINCRBYFLOAT', tokens_key, bucket, fmt(tokens))
redis.call('PEXPIRE', tokens_key, window_ttl)
save_state(s)
return { 1, bucket, is_probe and 1 or 0 }
`;

/**
 * Give a slot back: drop the lease, end the probe if it was one, replace the token estimate (delta = actual -
 * estimate, '' to keep it) while its bucket is in the window, and tell every replica (PUBLISH). ARGV[1] is unused:
 * like the in-memory window, a correction never moves the window. ARGV 13 lease id, 14 bucket, 15 delta,
 * 16 channel, 17 deployment id. Returns 1 if the lease was still held, 0 if it had expired.
 */
const release = `${capacityLuaPrelude}
local lease_id, bucket, delta, channel = ARGV[13], tonumber(ARGV[14]), ARGV[15], ARGV[16]
local removed = redis.call('ZREM', leases_key, lease_id)
if redis.call('HGET', state_key, 'probe') == lease_id then redis.call('HSET', state_key, 'probe', '') end
local head = tonumber(redis.call('HGET', state_key, 'head'))
if delta ~= '' and head ~= nil and bucket > head - bucket_count and bucket <= head then
  local field = fmt(bucket)
  local current = tonumber(redis.call('HGET', tokens_key, field)) or 0
  redis.call('HSET', tokens_key, field, fmt(math.max(0, current + tonumber(delta))))
  redis.call('PEXPIRE', tokens_key, window_ttl)
end
redis.call('PUBLISH', channel, ARGV[17])
return removed
`;

/**
 * Learn from one attempt's outcome (AttemptOutcomeReport). ARGV 13 kind, 14 latency ms, 15 streaming ('1'),
 * 16 Retry-After ms, 17 default Retry-After ms, 18 latency smoothing, 19-23 x-ratelimit limit/remaining
 * requests, limit/remaining tokens, reset ms ('' for absent).
 */
const record = `${capacityLuaPrelude}
local function optional(i)
  if ARGV[i] == '' then return nil end
  return tonumber(ARGV[i])
end
local kind = ARGV[13]
local rl = {
  limit_requests = optional(19), remaining_requests = optional(20),
  limit_tokens = optional(21), remaining_tokens = optional(22), reset_ms = optional(23),
}
local s = load_state()
recover(s)
if kind == 'success' then
  if ARGV[15] ~= '1' then breaker_success(s) end
  observe(s, rl)
  increase(s, inc_success)
  local latency, a = tonumber(ARGV[14]), tonumber(ARGV[18])
  if s.latency == nil then s.latency = latency else s.latency = s.latency + a * (latency - s.latency) end
  local exhausted = rl.remaining_requests == 0 or rl.remaining_tokens == 0
  if exhausted and rl.reset_ms ~= nil and rl.reset_ms > 0 then
    s.throttled_until = math.max(s.throttled_until, now + rl.reset_ms)
  end
elseif kind == 'throttled' then
  -- back-pressure, not an outage: the breaker is never told
  observe(s, rl)
  local requests_out, tokens_out = rl.remaining_requests == 0, rl.remaining_tokens == 0
  if requests_out then s.rpm = s.rpm * decrease end
  if tokens_out then s.tpm = s.tpm * decrease end
  if not requests_out and not tokens_out then
    s.concurrency = s.concurrency * decrease
    s.rpm = s.rpm * decrease
    s.tpm = s.tpm * decrease
  end
  clamp(s)
  local wait = optional(16) or rl.reset_ms or tonumber(ARGV[17])
  s.throttled_until = math.max(s.throttled_until, now + math.max(0, wait))
elseif kind == 'failure' then
  breaker_failure(s)
elseif kind == 'stream-completed' then
  breaker_success(s)
end
save_state(s)
return 1
`;

/**
 * Read a DeploymentSnapshot (after the same recovery and purging as any other step). Returns strings: in flight,
 * requests, tokens, learned rpm, tpm, concurrency, throttledUntil, breaker, failures, latency, openUntil,
 * rateWindowFreesAt ('' for absent).
 */
const snapshot = `${capacityLuaPrelude}
local s = load_state()
recover(s)
local in_flight = purge_leases(server_ms())
local requests, request_buckets = window(requests_key, s.head)
local tokens, token_buckets = window(tokens_key, s.head)
local breaker = breaker_state(s)
local r_limit, t_limit = whole(s.rpm), whole(s.tpm)
local frees = 0
if requests >= r_limit then frees = frees_at(s.head, request_buckets, requests - r_limit + 1) end
if tokens >= t_limit then frees = math.max(frees, frees_at(s.head, token_buckets, tokens - t_limit + 1)) end
save_state(s)
return {
  tostring(in_flight), fmt(requests), fmt(tokens), fmt(r_limit), fmt(t_limit), fmt(whole(s.concurrency)),
  fmt(s.throttled_until > now and s.throttled_until or 0), breaker, fmt(s.failures),
  s.latency ~= nil and fmt(s.latency) or '', breaker == 'open' and fmt(s.open_until) or '', fmt(frees),
}
`;

/**
 * The holder's heartbeat: push the expiry of the leases it still holds, and reassert those that are gone (Redis
 * restarted or was flushed, or this replica stalled past the TTL). A lease is only ever sent here while its request
 * still runs, so its slot is really taken: counting it again may put the deployment above its limit for a while,
 * which is the truth, and new admissions wait until enough requests end. KEYS[1] leases; ARGV 1 lease TTL (ms),
 * 2... lease ids. Returns the ids that had to be reasserted.
 */
const refreshLeases = `
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local lease_ttl = tonumber(ARGV[1])
local server_now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local reasserted = {}
for i = 2, #ARGV do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if not (score and tonumber(score) > server_now) then reasserted[#reasserted + 1] = ARGV[i] end
  redis.call('ZADD', KEYS[1], server_now + lease_ttl, ARGV[i])
end
if redis.call('PTTL', KEYS[1]) < lease_ttl + 1000 then redis.call('PEXPIRE', KEYS[1], lease_ttl + 1000) end
return reasserted
`;

export const capacityScripts = {
  acquire: new LuaScript(acquire),
  release: new LuaScript(release),
  record: new LuaScript(record),
  snapshot: new LuaScript(snapshot),
  refreshLeases: new LuaScript(refreshLeases),
} as const;

/** Loads every script, so the first request of a replica runs EVALSHA without a NOSCRIPT round trip. */
export async function loadCapacityScripts(redis: Redis): Promise<void> {
  await Promise.all(Object.values(capacityScripts).map((script) => redis.script('LOAD', script.source)));
}
