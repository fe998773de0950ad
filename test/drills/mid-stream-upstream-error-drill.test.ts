/**
 * Drill 8b: an upstream that breaks off a stream with an error of its own wire (an `{"error": ...}` chunk, an
 * Anthropic `error` event, a Bedrock exception frame), as overloaded or throttled services do. The stream still
 * ends in an error, never a clean end; a throttle or an overload is said as such in the caller's wire, so clients
 * that retry on those can; the upstream's message reaches neither the client nor the audit record; and a throttle
 * does not count towards the breaker.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';
import { ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { startRegionSimulator } from '../../sim/index.js';
import type { RunningSimulator } from '../../sim/simulator-types.js';
import { EU_REGIONS, NOVA_LITE, startTestGateway, testConfig, type TestGateway } from '../support/test-gateway.js';
import { CLAUDE, claudeDeployment, claudeModel } from '../anthropic/anthropic-test-kit.js';
import { EU_PROFILE as NOVA_EU, sdkClient, startBedrockTestGateway } from '../bedrock/bedrock-test-kit.js';
import { auditRecordOf, capacitySnapshot, chatStreamText, routing, streamEndedWithError, waitUntil } from './drill-kit.js';

const SOURCE = 'eu-central-1';

/** The `data:` of the gateway's `event: error`. */
function errorEventOf(text: string): { error: { code: string; type: string; message: string } } {
  const lines = text.split('\n');
  const index = lines.indexOf('event: error');
  assert.ok(index >= 0, `an error event: ${text.slice(-300)}`);
  return JSON.parse((lines[index + 1] ?? '').replace(/^data: /, '')) as { error: { code: string; type: string; message: string } };
}

describe('drill: an OpenAI-compatible upstream erroring mid-stream', () => {
  let gateway: TestGateway;
  before(async () => {
    gateway = await startTestGateway(routing(testConfig({ tokensPerSecond: 400 }), { breaker: { failureThreshold: 3, openMs: 10_000 } }));
  });
  after(() => gateway.close());
  beforeEach(() => {
    for (const region of EU_REGIONS) gateway.simulator(region).resetFaults();
  });

  it('tells the caller a throttle as rate_limit_error, without the upstream’s words, and spares the breaker', async () => {
    gateway.simulator(SOURCE).setFaults({ streamError: { afterChunks: 2, kind: 'throttled' } });
    const answer = await chatStreamText(gateway, { maxTokens: 40, requestId: 'mid-error-throttled' });
    assert.equal(answer.status, 200);
    assert.ok(streamEndedWithError(answer), `no clean end: ${answer.text.slice(-300)}`);
    assert.ok(answer.text.includes('"content"'), 'the chunks before the error were passed on');
    const error = errorEventOf(answer.text);
    assert.equal(error.error.code, 'no_capacity');
    assert.equal(error.error.type, 'rate_limit_error');
    assert.doesNotMatch(answer.text, /Rate limit reached/, 'the upstream’s own error chunk is not relayed');
    const record = await waitUntil('the audit record', () => auditRecordOf(gateway, SOURCE, 'mid-error-throttled'));
    assert.equal(record.errorCode, 'no_capacity');
    assert.equal(record.additionalEventData.attempts[0].outcome, 'interrupted');
    assert.doesNotMatch(JSON.stringify(record), /Rate limit reached/);
    assert.equal((await capacitySnapshot(gateway, SOURCE)).consecutiveFailures, 0, 'a throttle is back-pressure, not a failure');
  });

  it('keeps any other error an interruption that counts towards the breaker', async () => {
    // Every region: the throttle above keeps the source region aside for a moment (its default cool-down).
    for (const region of EU_REGIONS) gateway.simulator(region).setFaults({ streamError: { afterChunks: 1, kind: 'overloaded' } });
    const answer = await chatStreamText(gateway, { maxTokens: 40, requestId: 'mid-error-server' });
    assert.ok(streamEndedWithError(answer), answer.text.slice(-300));
    assert.equal(errorEventOf(answer.text).error.type, 'server_error');
    const record = await waitUntil('the audit record', () => auditRecordOf(gateway, SOURCE, 'mid-error-server'));
    assert.equal(record.errorCode, 'stream_interrupted', 'OpenAI’s server_error says no more than that');
    const served = answer.inferenceRegion ?? assert.fail('an inference region');
    assert.equal((await capacitySnapshot(gateway, served)).consecutiveFailures, 1);
  });

  it('gives the AWS SDK a ThrottlingException mid-stream on the Bedrock surface', async () => {
    const bedrock = await startBedrockTestGateway({ regions: [SOURCE] });
    const client = sdkClient(bedrock, SOURCE, { maxAttempts: 1 });
    try {
      bedrock.simulator(SOURCE).setFaults({ streamError: { afterChunks: 2, kind: 'throttled' } });
      const out = await client.send(new ConverseStreamCommand({ modelId: NOVA_EU, messages: [{ role: 'user', content: [{ text: 'a long answer' }] }], inferenceConfig: { maxTokens: 40 } }));
      let deltas = 0;
      await assert.rejects((async () => {
        for await (const event of out.stream ?? []) if (event.contentBlockDelta) deltas += 1;
      })(), { name: 'ThrottlingException' });
      assert.ok(deltas >= 1, 'events before the error reached the client');
    } finally {
      client.destroy();
      await bedrock.close();
    }
  });
});

describe('drill: an Anthropic upstream erroring mid-stream', () => {
  let anthropicSim: RunningSimulator;
  let gateway: TestGateway;
  const EU = `eu.${CLAUDE}`;
  before(async () => {
    anthropicSim = await startRegionSimulator({ regionId: SOURCE, timeToFirstTokenMs: 5, tokensPerSecond: 400 });
    gateway = await startTestGateway({
      ...testConfig({ regions: [] }),
      models: [claudeModel],
      deployments: [claudeDeployment(SOURCE, { provider: 'anthropic', endpoint: anthropicSim.url, upstreamModel: 'claude-sonnet-4-5-20250929', sim: undefined })],
    });
  });
  after(async () => {
    await gateway.close();
    await anthropicSim.close();
  });
  beforeEach(() => anthropicSim.resetFaults());

  it('passes an overload on as overloaded_error, the type Claude Code retries a stream on', async () => {
    anthropicSim.setFaults({ streamError: { afterChunks: 2, kind: 'overloaded' } });
    const client = new Anthropic({ apiKey: 'unused', baseURL: gateway.url, maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': SOURCE, 'x-request-id': 'claude-overloaded' } });
    const stream = client.messages.stream({ model: EU, max_tokens: 40, messages: [{ role: 'user', content: 'a long answer' }] });
    let text = '';
    await assert.rejects((async () => {
      for await (const event of stream) if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    })(), (error: unknown) => {
      assert.ok(error instanceof Anthropic.APIError);
      // What Claude Code looks for in a mid-stream error, which has no HTTP status.
      assert.ok(error.message.includes('"type":"overloaded_error"'), error.message);
      return true;
    });
    assert.ok(text.length > 0, 'the text before the error reached the client');
    const record = await waitUntil('the audit record', () => auditRecordOf(gateway, SOURCE, 'claude-overloaded'));
    assert.equal(record.errorCode, 'upstream_unavailable');
    assert.equal(record.additionalEventData.attempts[0].outcome, 'interrupted');
  });

  it('passes a throttle on as rate_limit_error to an OpenAI client of the same upstream', async () => {
    anthropicSim.setFaults({ streamError: { afterChunks: 2, kind: 'throttled' } });
    const answer = await chatStreamText(gateway, { model: EU, maxTokens: 40 });
    assert.ok(streamEndedWithError(answer), answer.text.slice(-300));
    const error = errorEventOf(answer.text);
    assert.equal(error.error.type, 'rate_limit_error');
    assert.equal(error.error.code, 'no_capacity');
  });
});

/** An upstream that answers every request 200 with `sse` and ends: its `/v1` endpoint and server. */
function startSseUpstream(sse: string): Promise<{ server: Server; endpoint: string }> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(sse);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1` })));
}

/** A Responses stream that fails with a rate limit, as api.openai.com does: after `response.created`, or `atOnce`. */
function failingResponsesStream(atOnce: boolean): string {
  const response = { id: 'resp_up', object: 'response', created_at: 1, status: 'in_progress', model: 'sim-model', output: [] };
  const created = `event: response.created\ndata: ${JSON.stringify({ type: 'response.created', sequence_number: 0, response })}\n\n`;
  const error = `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: 1, code: 'rate_limit_exceeded', message: 'Rate limit reached while reading secret-prompt', param: null })}\n\n`;
  return atOnce ? error : created + error;
}

/** A chat stream whose first event is an error (a rate limit), as some OpenAI-compatible servers send. */
const atOnceFailingChatStream = `data: ${JSON.stringify({ error: { message: 'Rate limit reached while reading secret-prompt', type: 'requests', code: 'rate_limit_exceeded' } })}\n\n`;

describe('drill: a Responses upstream erroring mid-stream', () => {
  let upstream: Server;
  let gateway: TestGateway;
  before(async () => {
    const started = await startSseUpstream(failingResponsesStream(false));
    upstream = started.server;
    const { endpoint } = started;
    gateway = await startTestGateway(testConfig({
      regions: [],
      extraDeployments: [{ model: NOVA_LITE, region: SOURCE, provider: 'openai-compatible', endpoint, upstreamModel: 'sim-model', wireFormats: ['openai-responses'] }],
    }));
  });
  after(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('ends the relayed stream with rate_limit_exceeded, in the gateway’s words', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': SOURCE } });
    const stream = await client.responses.create({ model: NOVA_LITE, input: 'stream please', stream: true });
    const types: string[] = [];
    let failedCode: string | undefined;
    let errorCode: string | null | undefined;
    // The SDK yields a Responses `error` event as an event (it has no `error` member to throw).
    for await (const event of stream) {
      types.push(event.type);
      assert.doesNotMatch(JSON.stringify(event), /secret-prompt/);
      if (event.type === 'response.failed') failedCode = event.response.error?.code;
      if (event.type === 'error') errorCode = event.code;
    }
    assert.deepEqual(types, ['response.created', 'response.failed', 'error']);
    assert.equal(failedCode, 'rate_limit_exceeded');
    assert.equal(errorCode, 'rate_limit_exceeded');
  });
});

describe('drill: a Responses upstream failing its stream before the first event', () => {
  let upstream: Server;
  let healthy: RunningSimulator;
  let gateway: TestGateway;
  before(async () => {
    const started = await startSseUpstream(failingResponsesStream(true));
    upstream = started.server;
    healthy = await startRegionSimulator({ regionId: 'eu-west-1', timeToFirstTokenMs: 2, tokensPerSecond: 2_000 });
    const { endpoint } = started;
    gateway = await startTestGateway(testConfig({
      regions: [],
      extraDeployments: [
        { model: NOVA_LITE, region: SOURCE, provider: 'openai-compatible', endpoint, upstreamModel: 'sim-model', wireFormats: ['openai-responses'] },
        { model: NOVA_LITE, region: 'eu-west-1', provider: 'openai-compatible', endpoint: `${healthy.url}/v1`, upstreamModel: 'sim-model', wireFormats: ['openai-responses'] },
      ],
    }));
  });
  after(async () => {
    await gateway.close();
    await healthy.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('fails over to another region of the boundary: nothing had reached the client yet', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0, defaultHeaders: { 'x-georoute-source-region': SOURCE } });
    const { data: stream, response } = await client.responses.create({ model: `eu.${NOVA_LITE}`, input: 'stream please', stream: true, max_output_tokens: 8 }).withResponse();
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    assert.equal(response.headers.get('x-georoute-inference-region'), 'eu-west-1');
    assert.equal(response.headers.get('x-georoute-attempts'), '2');
    assert.ok(['response.completed', 'response.incomplete'].includes(types.at(-1) ?? ''), types.join(' '));
    assert.ok(!types.includes('error') && !types.includes('response.failed'));
  });
});

describe('drill: an OpenAI-compatible upstream failing its stream before the first event', () => {
  let upstream: Server;
  let gateway: TestGateway;
  before(async () => {
    const started = await startSseUpstream(atOnceFailingChatStream);
    upstream = started.server;
    const { endpoint } = started;
    gateway = await startTestGateway(testConfig({
      regions: ['eu-west-1'],
      extraDeployments: [{ model: NOVA_LITE, region: SOURCE, provider: 'openai-compatible', endpoint, upstreamModel: 'sim-model' }],
    }));
  });
  after(async () => {
    await gateway.close();
    await new Promise((resolve) => upstream.close(resolve));
  });

  it('fails over: nothing had reached the client yet', async () => {
    const answer = await chatStreamText(gateway, { maxTokens: 20, requestId: 'at-once-throttled' });
    assert.equal(answer.status, 200);
    assert.ok(answer.text.includes('data: [DONE]') && !answer.text.includes('event: error'), answer.text.slice(-300));
    assert.equal(answer.inferenceRegion, 'eu-west-1');
    assert.equal(answer.attempts, 2);
    const record = await waitUntil('the audit record', () => auditRecordOf(gateway, SOURCE, 'at-once-throttled'));
    assert.deepEqual(record.additionalEventData.attempts.map((attempt: { region: string; outcome: string }) => [attempt.region, attempt.outcome]), [[SOURCE, 'throttled'], ['eu-west-1', 'success']]);
    assert.doesNotMatch(JSON.stringify(record), /secret-prompt/);
  });
});
