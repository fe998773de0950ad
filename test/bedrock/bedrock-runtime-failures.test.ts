/** What the SDK sees when things go wrong: every EU region throttled, and a stream cut in the middle. */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ConverseCommand, ConverseStreamCommand, InvokeModelWithResponseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { EU_REGIONS, type TestGateway } from '../support/test-gateway.js';
import { EU_PROFILE, novaBody, sdkClient, startBedrockTestGateway } from './bedrock-test-kit.js';

describe('Bedrock Runtime failures through the SDK', () => {
  let gateway: TestGateway;

  before(async () => {
    gateway = await startBedrockTestGateway({
      regions: [...EU_REGIONS],
      overrides: { routing: { maxAttempts: 5, deadlineMs: 10_000, queue: { maxWaiting: 16, maxWaitMs: 50 }, breaker: { failureThreshold: 100, openMs: 1_000 } } },
    });
  });
  after(() => gateway.close());
  beforeEach(() => {
    for (const region of EU_REGIONS) gateway.simulator(region).resetFaults();
  });

  it('a ConverseStream cut mid-stream ends with an exception, never a clean end', async () => {
    for (const region of EU_REGIONS) gateway.simulator(region).setFaults({ disconnectAfterChunks: 2 });
    const client = sdkClient(gateway, 'eu-central-1', { maxAttempts: 1 });
    try {
      const out = await client.send(
        new ConverseStreamCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'a long answer' }] }], inferenceConfig: { maxTokens: 40 } }),
      );
      let deltas = 0;
      await assert.rejects(
        (async () => {
          for await (const event of out.stream ?? []) if (event.contentBlockDelta) deltas++;
        })(),
        { name: 'ModelStreamErrorException' },
      );
      assert.ok(deltas >= 1, 'events before the cut reached the client');
    } finally {
      client.destroy();
    }
  });

  it('an InvokeModelWithResponseStream cut mid-stream ends with an exception', async () => {
    for (const region of EU_REGIONS) gateway.simulator(region).setFaults({ disconnectAfterChunks: 2 });
    const client = sdkClient(gateway, 'eu-west-1', { maxAttempts: 1 });
    try {
      const out = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: EU_PROFILE, body: novaBody('a long answer', 40) }));
      await assert.rejects(
        (async () => {
          for await (const event of out.body ?? []) void event;
        })(),
        { name: 'ModelStreamErrorException' },
      );
    } finally {
      client.destroy();
    }
  });

  // Last: the regions stay cooled down for a while after their 429s.
  it('raises ThrottlingException when every EU simulator is saturated', async () => {
    for (const region of EU_REGIONS) gateway.simulator(region).setFaults({ throttle: { retryAfterSeconds: 1 } });
    const client = sdkClient(gateway, 'eu-central-1', { maxAttempts: 1 });
    try {
      await assert.rejects(client.send(new ConverseCommand({ modelId: EU_PROFILE, messages: [{ role: 'user', content: [{ text: 'x' }] }] })), (error: unknown) => {
        const e = error as Error & { $metadata: { httpStatusCode?: number }; $retryable?: { throttling?: boolean } };
        assert.equal(e.name, 'ThrottlingException');
        assert.equal(e.message, 'Too many requests, please wait before trying again.');
        assert.equal(e.$metadata.httpStatusCode, 429);
        return true;
      });
      const throttled = EU_REGIONS.reduce((sum, region) => sum + gateway.simulator(region).stats().throttled, 0);
      assert.ok(throttled >= 1);
      assert.ok(gateway.simulator('eu-central-1').stats().received >= 1, 'the source region was tried');
    } finally {
      client.destroy();
    }
  });
});
