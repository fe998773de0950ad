/**
 * `GET /v1/models` and `/v1/models/{id}` from @anthropic-ai/sdk (`models.list`, auto-paginated, and
 * `models.retrieve`): Anthropic's `ModelInfo` and page shapes, an unknown id as the SDK's NotFoundError; the openai
 * SDK on the same paths still gets OpenAI's shapes.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { API_KEY, testAuth, testEnv } from '../bedrock/bedrock-test-kit.js';
import { startTestGateway, type TestGateway } from '../support/test-gateway.js';
import { claudeTestConfig, EU_CLAUDE } from './anthropic-test-kit.js';

describe('Anthropic SDK models API', () => {
  let gateway: TestGateway;
  let anthropic: Anthropic;
  before(async () => {
    gateway = await startTestGateway(claudeTestConfig({ auth: testAuth }), { env: testEnv() });
    anthropic = new Anthropic({ apiKey: API_KEY, baseURL: gateway.url, maxRetries: 0 });
  });
  after(() => gateway.close());

  test('models.list pages through every chat profile as a ModelInfo, limit by limit, and gives what the OpenAI list gives', async () => {
    const ids: string[] = [];
    for await (const model of anthropic.models.list({ limit: 2 })) {
      assert.equal(model.type, 'model');
      assert.ok(model.display_name.length > 0);
      assert.ok(!Number.isNaN(Date.parse(model.created_at)));
      assert.equal(model.lifecycle, 'active');
      ids.push(model.id);
    }
    assert.ok(ids.includes(EU_CLAUDE));
    assert.equal(new Set(ids).size, ids.length, 'no profile twice across pages');
    const first = await anthropic.models.list({ limit: 2 });
    assert.equal(first.data.length, 2);
    assert.equal(first.has_more, true);
    assert.equal(first.last_id, first.data[1]?.id);
    const back = await anthropic.models.list({ before_id: ids[3] ?? '', limit: 2 });
    assert.deepEqual(back.data.map((m) => m.id), ids.slice(1, 3));
    const openai = new OpenAI({ apiKey: API_KEY, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
    const listed = (await openai.models.list()).data;
    assert.ok(listed.every((m) => m.object === 'model'), "the openai SDK still gets OpenAI's shape");
    assert.deepEqual(listed.map((m) => m.id).filter((id) => ids.includes(id)), ids, 'the same profiles, in the same order');
  });

  test('models.retrieve answers a ModelInfo; an unknown id is a NotFoundError, a bad limit a BadRequestError', async () => {
    const model = await anthropic.models.retrieve(EU_CLAUDE);
    assert.equal(model.id, EU_CLAUDE);
    assert.equal(model.type, 'model');
    await assert.rejects(anthropic.models.retrieve('eu.nobody.nothing-v1:0'), (error: unknown) => error instanceof Anthropic.NotFoundError);
    await assert.rejects(anthropic.models.list({ limit: 0 }), (error: unknown) => error instanceof Anthropic.BadRequestError && /limit/.test(error.message));
  });
});
