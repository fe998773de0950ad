/**
 * Session affinity end to end, against simulators over HTTP: requests with the same `x-georoute-session-id` from
 * eu-central-1 to the `eu.` profile keep landing in the region that first served the session, even when that is
 * not the source region, on both API surfaces; an invalid session id is a 400 in each surface's shape.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { capacitySnapshot, chat, EU_PROFILE, waitUntil } from '../drills/drill-kit.js';
import { readAuditRecords } from '../support/read-audit-records.js';
import { EU_REGIONS, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';

const SESSION_HEADER = 'x-georoute-session-id';

interface Answer {
  status: number;
  region: string | null;
  headers: Headers;
  text: string;
}

async function chatInSession(gateway: TestGateway, sessionId: string): Promise<Answer> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-georoute-source-region': 'eu-central-1', [SESSION_HEADER]: sessionId },
    body: JSON.stringify({ model: EU_PROFILE, messages: [{ role: 'user', content: 'a long shared prefix' }], max_tokens: 8 }),
  });
  return { status: response.status, region: response.headers.get('x-georoute-inference-region'), headers: response.headers, text: await response.text() };
}

async function converseInSession(gateway: TestGateway, sessionId: string): Promise<Answer> {
  const response = await fetch(`${gateway.url}/model/${encodeURIComponent(EU_PROFILE)}/converse`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-georoute-source-region': 'eu-central-1', [SESSION_HEADER]: sessionId },
    body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'a long shared prefix' }] }], inferenceConfig: { maxTokens: 8 } }),
  });
  return { status: response.status, region: response.headers.get('x-georoute-inference-region'), headers: response.headers, text: await response.text() };
}

describe('session affinity (end to end)', () => {
  let gateway: TestGateway | undefined;
  const holders: AbortController[] = [];
  afterEach(async () => {
    for (const holder of holders.splice(0)) holder.abort();
    await gateway?.close();
    gateway = undefined;
  });

  it('keeps a session in the region that first served it, even when that is not the source region', async () => {
    const gw = (gateway = await startTestGateway(testConfig({ maxConcurrent: 2 })));
    const frankfurt = gw.simulator('eu-central-1');
    // Fill the source region so the session's first request lands in Paris, the nearest EU region with headroom.
    frankfurt.setFaults({ latencyMs: 5_000 });
    const held = Array.from({ length: 2 }, () => {
      const controller = new AbortController();
      holders.push(controller);
      return chat(gw, { signal: controller.signal }).catch(() => undefined);
    });
    await waitUntil('the source region to be full', () => frankfurt.stats().inFlight === 2);
    frankfurt.resetFaults();
    const first = await chatInSession(gw, 'conversation-1');
    assert.equal(first.status, 200, first.text);
    assert.equal(first.region, 'eu-west-3');

    // Free the source region: the session stays in Paris while Paris has headroom; others go to Frankfurt.
    for (const holder of holders.splice(0)) holder.abort();
    await Promise.all(held);
    await waitUntil('the source region to be free', async () => (await capacitySnapshot(gw, 'eu-central-1')).inFlight === 0);
    for (let i = 0; i < 5; i++) {
      const again = await chatInSession(gw, 'conversation-1');
      assert.equal(again.status, 200, again.text);
      assert.equal(again.region, 'eu-west-3', `request ${i + 2} of the session`);
      assert.equal(again.headers.get('x-georoute-attempts'), '1');
    }
    const viaBedrock = await converseInSession(gw, 'conversation-1');
    assert.equal(viaBedrock.status, 200, viaBedrock.text);
    assert.equal(viaBedrock.region, 'eu-west-3', 'the same caller, profile and session on the Bedrock surface');
    assert.equal((await chat(gw)).inferenceRegion, 'eu-central-1', 'without the header nothing changes');
    assert.equal((await chatInSession(gw, 'conversation-2')).region, 'eu-central-1', 'a new session plans as usual');
    for (const region of ['eu-west-2', 'us-east-1']) assert.equal(gw.simulator(region).stats().received, 0, `${region} received a request`);

    // The audit records say which requests kept their session's deployment.
    const affinity = readAuditRecords(gw.dataDir, 'eu-central-1')
      .map((r) => (r.additionalEventData as { sessionAffinity?: string }).sessionAffinity)
      .filter((a) => a !== undefined);
    assert.deepEqual(affinity, ['miss', 'hit', 'hit', 'hit', 'hit', 'hit', 'hit', 'miss']);
  });

  it('refuses an invalid session id with a 400 naming the header, on both surfaces', async () => {
    const gw = (gateway = await startTestGateway(testConfig()));
    for (const bad of ['has space', 'x'.repeat(129), 'a/b']) {
      const openai = await chatInSession(gw, bad);
      assert.equal(openai.status, 400, openai.text);
      const body = JSON.parse(openai.text) as { error: { type: string; code: string; message: string } };
      assert.equal(body.error.type, 'invalid_request_error');
      assert.equal(body.error.code, 'invalid_request');
      assert.match(body.error.message, /x-georoute-session-id/);

      const bedrock = await converseInSession(gw, bad);
      assert.equal(bedrock.status, 400, bedrock.text);
      assert.match(bedrock.headers.get('x-amzn-errortype') ?? '', /^ValidationException/);
      assert.match((JSON.parse(bedrock.text) as { message: string }).message, /x-georoute-session-id/);
    }
    for (const region of EU_REGIONS) assert.equal(gw.simulator(region).stats().received, 0, 'nothing was sent');
  });
});
