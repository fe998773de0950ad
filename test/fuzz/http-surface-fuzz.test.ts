/**
 * A fixed-seed, short fuzz run of the HTTP surfaces (drill 11): random and mutated bodies, headers, paths and
 * methods, oversized and truncated bodies. No 5xx, no crash (`/healthz` and a plain request keep working), every
 * error in its surface's wire format. The bugs the fuzzer found have their own tests below, marked todo until fixed;
 * `npm run fuzz` (long, any seed) still generates the requests that hit them.
 */
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { candidateIn, capacitySnapshot } from '../drills/drill-kit.js';
import { EU_REGIONS } from '../support/test-gateway.js';
import { formatCampaignSummary, runFuzzCampaign, startFuzzGateway, type FuzzGateway } from './run-fuzz-campaign.js';

const SEED = 20_250_501;
const COUNT = 600;

function chatBody(extra: string): string {
  return `{"model":"eu.amazon.nova-2-lite-v1:0","messages":[{"role":"user","content":"x"}],"max_tokens":4${extra}}`;
}

async function post(gateway: FuzzGateway, body: string): Promise<{ status: number; attempts: string | null; retryAfter: string | null; text: string }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-georoute-source-region': 'eu-central-1' }, body });
  return { status: response.status, attempts: response.headers.get('x-georoute-attempts'), retryAfter: response.headers.get('retry-after'), text: await response.text() };
}

describe('HTTP surface fuzz (fixed seed)', () => {
  let gateway: FuzzGateway;
  before(async () => {
    gateway = await startFuzzGateway();
  });
  after(() => gateway.close());

  it(`answers ${COUNT} generated requests without a 5xx, a crash or an error outside the wire format`, async (t) => {
    const summary = await runFuzzCampaign(gateway, { seed: SEED, count: COUNT, knownBugs: true });
    t.diagnostic(formatCampaignSummary(summary));
    assert.deepEqual(summary.violations, [], formatCampaignSummary(summary));
    assert.equal(Object.values(summary.byLabel).reduce((a, b) => a + b, 0), COUNT);
    // The run exercised what it claims to: successes, client errors, the body limit, the parser's own rejections.
    for (const label of ['200', '400', '404', '413']) assert.ok((summary.byLabel[label] ?? 0) > 0, `no ${label} in the run`);
    // Strict on Bedrock paths wherever a Bedrock surface serves them (judgeOptionsFor asks the gateway's surface
    // list); OpenAI's shape is tolerated only on paths no Bedrock surface claims yet, and counted.
    if (summary.lenient > 0) t.diagnostic(`${summary.lenient} Bedrock-path errors answered in OpenAI's shape: no Bedrock surface serves those paths yet`);
  });

  // Bug: src/providers/openai-compatible/openai-compatible-upstream.ts serializes the body (JSON.stringify) inside
  // the try block whose catch classifies everything as a transport failure. A body nested deeper than
  // JSON.stringify can go (JSON.parse takes it; the schema lets unknown fields through) throws RangeError there,
  // which becomes `unavailable`: the gateway fails over to every region, answers 503, and records a breaker
  // failure against each region, so a handful of such requests open every breaker in the boundary.
  it('treats a body nested too deep to re-serialize as the client’s error, not as an outage of every region', async () => {
    const depth = 8_000;
    const answer = await post(gateway, chatBody(`,"extra":${'['.repeat(depth)}${']'.repeat(depth)}`));
    assert.ok(answer.status >= 400 && answer.status < 500, `status ${answer.status}: ${answer.text.slice(0, 200)}`);
    assert.ok(Number(answer.attempts ?? 0) <= 1, `tried ${answer.attempts} regions for a request none could take`);
    for (const region of EU_REGIONS) assert.equal((await capacitySnapshot(gateway, region)).consecutiveFailures, 0, `${region} was blamed`);
  });

  // Bug: a max_tokens larger than any deployment's tokens-per-minute budget passes validation and admission
  // (src/routing/in-memory-capacity-store.ts tryAcquire lets an oversize request through an empty window); the
  // upstream answers 429 with Retry-After 60, which src/routing/dispatch-run.ts records as deployment-wide
  // back-pressure: every region of the boundary is throttled for 60 s, so every other client gets 429 for a minute.
  it('does not let one request with an impossible max_tokens throttle the whole boundary for everyone', async () => {
    // A fresh gateway: the oversize request is only admitted through an empty tokens-per-minute window.
    const fresh = await startFuzzGateway();
    try {
      const greedy = await post(fresh, `{"model":"eu.amazon.nova-2-lite-v1:0","messages":[{"role":"user","content":"x"}],"max_tokens":2147483647}`);
      assert.ok(greedy.status === 400 || greedy.status === 429, `status ${greedy.status}`);
      const innocent = await post(fresh, chatBody(''));
      assert.equal(innocent.status, 200, `an ordinary request afterwards: ${innocent.status} (Retry-After ${innocent.retryAfter})`);
      for (const region of EU_REGIONS) {
        const candidate = await candidateIn(fresh, region);
        assert.notEqual(candidate.headroom, 0, `${region} put aside for everyone: ${candidate.reason}`);
      }
    } finally {
      await fresh.close();
    }
  });

  // Bug: src/server/read-request-body.ts lets the stream error of a client that goes away mid-body ("aborted")
  // escape as a plain Error; src/api/create-api-handler.ts turns it into `internal` and logs "request failed" at
  // error level, as if the gateway had failed. A client hanging up is not a server error.
  it('does not log a client that hangs up in the middle of its body as an internal error', async () => {
    const before = gateway.loggedErrors.length;
    await new Promise<void>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: gateway.port }, () => {
        socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"model":');
        setTimeout(() => socket.destroy(), 50);
      });
      socket.on('close', () => resolve());
      socket.on('error', () => undefined);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const logged = gateway.loggedErrors.slice(before);
    assert.deepEqual(logged, [], `logged: ${logged.join('\n').slice(0, 300)}`);
  });
});
