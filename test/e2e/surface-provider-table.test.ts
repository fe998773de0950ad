/**
 * Every surface x every provider kind of the registry, with the real client of each surface, against simulators
 * over HTTP (surface-provider-table-kit.ts). For each pair: a plain answer and one cut at its limit as JSON and
 * streamed (the same text and usage both ways), a forced tool call as JSON and streamed and the answer to its
 * result, and structured output where the surface can ask for it: valid JSON for the schema, or, where the provider
 * cannot honour it, a 400 in the caller's wire naming the setting and nothing sent upstream. Each request must land
 * on the simulator operation the table names for the pair: the provider's own wire on the fast path, its converted
 * wire otherwise. Across pairs, the plain answer and the tool call must be the same: nothing lost or added.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bedrockInvokeSurfaces } from '../../src/surfaces/bedrock-invoke/bedrock-invoke-surface.js';
import { anthropicMessagesDriver, bedrockInvokeClaudeDriver } from './anthropic-surface-drivers.js';
import { bedrockInvokeMistralDriver } from './bedrock-mistral-surface-driver.js';
import { bedrockConverseDriver, bedrockInvokeNovaDriver } from './bedrock-surface-drivers.js';
import { openAiChatDriver, openAiResponsesDriver } from './openai-surface-drivers.js';
import { operationsBetween, operationsOf, startTableGateway, TABLE_PROVIDERS, uncoveredProviderKinds, type TableGateway, type TableProvider } from './surface-provider-table-kit.js';
import { CUT_TOKENS, RATING_SCHEMA, WEATHER_TOOL_ARGUMENTS, type SurfaceDriver, type SurfaceSession } from './table-surface-driver.js';

const DRIVERS: readonly SurfaceDriver[] = [openAiChatDriver, openAiResponsesDriver, anthropicMessagesDriver, bedrockConverseDriver, bedrockInvokeNovaDriver, bedrockInvokeClaudeDriver, bedrockInvokeMistralDriver];

describe('surface x provider table', () => {
  let table: TableGateway;
  before(async () => {
    table = await startTableGateway();
  });
  after(() => table.close());

  it('covers every provider kind of the registry and every InvokeModel body family', () => {
    assert.deepEqual(uncoveredProviderKinds(), [], 'a new provider kind needs its row in surface-provider-table-kit.ts');
    // A Llama body is a prompt: it cannot ask for the table's tool calls or structured output, so its family runs
    // through sim, bedrock and openai-compatible deployments in test/bedrock/invoke-model-llama.test.ts instead.
    // Mistral's chat body can ask for tool calls (not structured output): it has its driver.
    const tableFamilies = Object.keys(bedrockInvokeSurfaces).filter((family) => family !== 'llama').sort();
    assert.deepEqual(tableFamilies, ['anthropic', 'mistral', 'nova'], 'a new InvokeModel body family needs its driver');
  });

  /** Runs `request` and asserts the provider's upstreams saw exactly one `operation` (or nothing, for undefined). */
  async function landsOn<T>(provider: TableProvider, operation: string | undefined, request: () => Promise<T>): Promise<T> {
    const before = table.operations(provider.kind);
    const result = await request();
    assert.deepEqual(operationsBetween(before, table.operations(provider.kind)), operation === undefined ? {} : { [operation]: 1 }, `upstream operations of ${provider.kind}`);
    return result;
  }

  /** The plain answer and the forced tool call of each pair (without its id), by pair. */
  const answersOf = { 'plain answer': new Map<string, unknown>(), 'forced tool call': new Map<string, unknown>(), 'answer to a tool result': new Map<string, unknown>() };

  for (const driver of DRIVERS) {
    for (const provider of TABLE_PROVIDERS) {
      const { route, operations } = operationsOf(provider, driver.surface);
      describe(`${driver.surface} -> ${provider.kind} (${route}: ${[...new Set(operations)].join(' / ')})`, () => {
        let session: SurfaceSession;
        before(() => {
          session = driver.connect(table.gateway.url, provider.region);
        });
        after(() => session.close());

        it('a plain answer, JSON and streamed: the same text and usage', async () => {
          const json = await landsOn(provider, operations[0], () => session.text(false));
          const streamed = await landsOn(provider, operations[1], () => session.text(true));
          assert.deepEqual(streamed, json);
          answersOf['plain answer'].set(`${driver.surface} -> ${provider.kind}`, json);
        });

        it('an answer cut at its token limit, JSON and streamed: the max-tokens stop, the limit as output tokens', async () => {
          const json = await landsOn(provider, operations[0], () => session.cutShort(false));
          const streamed = await landsOn(provider, operations[1], () => session.cutShort(true));
          assert.equal(json.usage.outputTokens, CUT_TOKENS);
          assert.deepEqual(streamed, json);
        });

        it('a forced tool call, JSON and streamed, then the answer to its result', async () => {
          const json = await landsOn(provider, operations[0], () => session.forcedToolCall(false));
          const streamed = await landsOn(provider, operations[1], () => session.forcedToolCall(true));
          for (const call of [json, streamed]) {
            assert.equal(call.name, 'get_weather');
            assert.deepEqual(call.arguments, WEATHER_TOOL_ARGUMENTS, 'the tool schema reached the upstream, its arguments came back');
          }
          assert.deepEqual(streamed.usage, json.usage);
          answersOf['forced tool call'].set(`${driver.surface} -> ${provider.kind}`, { name: json.name, arguments: json.arguments, usage: json.usage });
          const answer = await landsOn(provider, operations[0], () => session.answerToolResult(json));
          assert.ok(answer.usage.inputTokens > json.usage.inputTokens, 'the history was sent back');
          answersOf['answer to a tool result'].set(`${driver.surface} -> ${provider.kind}`, answer);
        });

        const structured = structuredRequestOf(driver);
        if (structured === undefined) return;
        if (route === 'native' || provider.honoursStructuredOutput) {
          it('structured output, JSON and streamed: JSON valid for the schema', async () => {
            for (const [index, stream] of [false, true].entries()) {
              const value = await landsOn(provider, operations[index], () => structured(session, stream));
              assertFitsRatingSchema(value);
            }
          });
        } else {
          it(`structured output, JSON and streamed, is refused with a 400 naming ${driver.structuredOutputSetting}, and nothing goes upstream`, async () => {
            for (const stream of [false, true]) {
              const error = await landsOn(provider, undefined, () => structured(session, stream).then(() => undefined, (caught: unknown) => caught));
              assert.ok(error !== undefined, 'the request must fail');
              const refused = session.refusal(error);
              assert.equal(refused.status, 400);
              assert.match(refused.type, /invalid_request_error|ValidationException/);
              assert.ok(refused.message.includes(driver.structuredOutputSetting ?? '?'), `"${refused.message}" names ${driver.structuredOutputSetting}`);
            }
          });
        }
      });
    }
  }

  // The simulator answers from the request's texts alone, so texts that every converter carries intact give one
  // answer and one usage through every pair. A tool result is text in its upstream's wire, wrapped where the wire
  // wants an object (Gemini's functionResponse.response), so the answer to it is compared per provider.
  function assertSameAnswers(answers: Map<string, unknown>, pairs: readonly string[]): void {
    const [first] = pairs.map((pair) => answers.get(pair));
    assert.ok(first !== undefined, `an answer of ${pairs[0]}`);
    const differing = pairs.filter((pair) => JSON.stringify(answers.get(pair)) !== JSON.stringify(first)).map((pair) => `${pair}: ${JSON.stringify(answers.get(pair))}`);
    assert.deepEqual(differing, [], `answers differing from ${pairs[0]}'s ${JSON.stringify(first)}`);
  }
  const pairsThrough = (kinds: readonly string[]) => DRIVERS.flatMap((driver) => kinds.map((kind) => `${driver.surface} -> ${kind}`));
  for (const kind of ['plain answer', 'forced tool call'] as const) {
    it(`every pair gave the same ${kind}: no converter lost or added text`, () => assertSameAnswers(answersOf[kind], pairsThrough(TABLE_PROVIDERS.map((p) => p.kind))));
  }
  it('every surface gave the same answer to a tool result through each provider kind', () => {
    for (const provider of TABLE_PROVIDERS) assertSameAnswers(answersOf['answer to a tool result'], pairsThrough([provider.kind]));
  });
});

/** The session's structured-output request, when the driver's surface can ask for it. */
function structuredRequestOf(driver: SurfaceDriver): ((session: SurfaceSession, stream: boolean) => Promise<unknown>) | undefined {
  if (driver.structuredOutputSetting === undefined) return undefined;
  return (session, stream) => {
    assert.ok(session.structured, `${driver.surface} names a structured-output setting, so its session asks for it`);
    return session.structured(stream);
  };
}

function assertFitsRatingSchema(value: unknown): void {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), 'a JSON object');
  const record = value as Record<string, unknown>;
  assert.deepEqual(Object.keys(record).sort(), [...RATING_SCHEMA.required].sort());
  assert.equal(typeof record.answer, 'string');
  assert.ok(Number.isInteger(record.score));
  assert.ok(Array.isArray(record.tags) && record.tags.every((tag) => typeof tag === 'string'));
}
