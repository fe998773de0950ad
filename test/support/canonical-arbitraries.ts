/**
 * fast-check arbitraries of canonical conversations and streams, for round-trip properties of the converters.
 * They stay inside what every Converse/Anthropic wire can carry (base64 media of known types, JSON tool input
 * written as `JSON.stringify` writes it), so a round trip must be the identity.
 */
import fc from 'fast-check';
import type { InferenceAssistantPart, InferenceUserPart } from '../../src/inference/inference-content-parts.js';
import type { JsonObject } from '../../src/inference/inference-json.js';
import type { InferenceMessage } from '../../src/inference/inference-messages.js';
import type { InferenceStreamPart } from '../../src/inference/inference-stream-part.js';
import { converseStopReasonToInference } from '../../src/surfaces/bedrock-converse/map-converse-stop-reason.js';

const text = fc.string({ maxLength: 20 });
const id = fc.stringMatching(/^[a-z][a-z0-9_]{0,11}$/);
/** A document name Converse accepts (letters, digits, hyphens, brackets, single spaces), so the round trip keeps it. */
const documentName = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9()[\]-]{0,7}( [A-Za-z0-9-]{1,4})?$/);
const base64 = fc.base64String({ minLength: 4, maxLength: 16 }).filter((value) => value.length > 0);
const jsonObject: fc.Arbitrary<JsonObject> = fc.dictionary(id, fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean()), { maxKeys: 3 }).map((value) => ({ ...value }));

const userPart: fc.Arbitrary<InferenceUserPart> = fc.oneof(
  text.map((value) => ({ type: 'text' as const, text: value })),
  fc.record({ mediaType: fc.constantFrom('image/png', 'image/jpeg', 'image/gif', 'image/webp'), data: base64 }).map(({ mediaType, data }) => ({
    type: 'image' as const,
    mediaType,
    source: { kind: 'base64' as const, data },
  })),
  fc.record({ data: base64, name: documentName }).map(({ data, name }) => ({ type: 'document' as const, mediaType: 'application/pdf', source: { kind: 'base64' as const, data }, name })),
  fc.record({ toolCallId: id, texts: fc.array(text, { minLength: 1, maxLength: 2 }), json: fc.option(jsonObject, { nil: undefined }), isError: fc.boolean() }).map((r) => ({
    type: 'tool-result' as const,
    toolCallId: r.toolCallId,
    content: [...r.texts.map((value) => ({ type: 'text' as const, text: value })), ...(r.json === undefined ? [] : [{ type: 'json' as const, value: r.json }])],
    ...(r.isError ? { isError: true } : {}),
  })),
  fc.constant({ type: 'cache-point' as const }),
);

const assistantPart: fc.Arbitrary<InferenceAssistantPart> = fc.oneof(
  text.map((value) => ({ type: 'text' as const, text: value })),
  fc.record({ text, signature: fc.option(base64, { nil: undefined }) }).map((r) => ({ type: 'reasoning' as const, text: r.text, ...(r.signature === undefined ? {} : { signature: r.signature }) })),
  base64.map((data) => ({ type: 'redacted-reasoning' as const, data })),
  fc.record({ id, name: id, input: jsonObject }).map((r) => ({ type: 'tool-call' as const, id: r.id, name: r.name, input: JSON.stringify(r.input) })),
);

export const canonicalMessagesArbitrary: fc.Arbitrary<InferenceMessage[]> = fc.array(
  fc.oneof(
    fc.array(userPart, { minLength: 1, maxLength: 4 }).map((content): InferenceMessage => ({ role: 'user', content })),
    fc.array(assistantPart, { minLength: 1, maxLength: 4 }).map((content): InferenceMessage => ({ role: 'assistant', content })),
  ),
  { minLength: 1, maxLength: 4 },
);

type Block = InferenceStreamPart[];

function blockParts(index: number): fc.Arbitrary<Block> {
  const deltas = fc.array(text, { minLength: 1, maxLength: 3 });
  return fc.oneof(
    deltas.map((values): Block => [...values.map((delta) => ({ type: 'text-delta' as const, index, delta })), { type: 'block-end', index }]),
    fc.record({ values: deltas, signature: base64 }).map(({ values, signature }): Block => [
      ...values.map((delta) => ({ type: 'reasoning-delta' as const, index, delta })),
      { type: 'reasoning-signature', index, signature },
      { type: 'block-end', index },
    ]),
    base64.map((data): Block => [{ type: 'redacted-reasoning', index, data }, { type: 'block-end', index }]),
    fc.record({ id, name: id, values: deltas }).map(({ id: callId, name, values }): Block => [
      { type: 'tool-call-start', index, id: callId, name },
      ...values.map((delta) => ({ type: 'tool-call-delta' as const, index, delta })),
      { type: 'block-end', index },
    ]),
  );
}

const usage = fc
  .record({ uncached: fc.nat(5000), outputTokens: fc.nat(5000), cacheRead: fc.option(fc.nat(5000), { nil: undefined }), cacheWrite: fc.option(fc.nat(5000), { nil: undefined }) })
  .map((r) => ({
    inputTokens: r.uncached + (r.cacheRead ?? 0) + (r.cacheWrite ?? 0),
    outputTokens: r.outputTokens,
    ...(r.cacheRead === undefined ? {} : { cacheReadInputTokens: r.cacheRead }),
    ...(r.cacheWrite === undefined ? {} : { cacheWriteInputTokens: r.cacheWrite }),
  }));

/** `stream-start`, blocks in index order, the usage, the finish (reasons as Converse words). */
export const canonicalStreamArbitrary: fc.Arbitrary<InferenceStreamPart[]> = fc
  .record({
    blockCount: fc.integer({ min: 0, max: 4 }),
    seeds: fc.array(fc.nat(), { minLength: 4, maxLength: 4 }),
    usage,
    stopReason: fc.constantFrom('end_turn', 'tool_use', 'max_tokens', 'stop_sequence', 'content_filtered'),
    serviceTier: fc.option(fc.constantFrom('default', 'flex', 'priority'), { nil: undefined }),
  })
  .chain((r) =>
    fc.tuple(...Array.from({ length: r.blockCount }, (_, index) => blockParts(index))).map((blocks): InferenceStreamPart[] => [
      { type: 'stream-start' },
      ...blocks.flat(),
      { type: 'usage', usage: r.usage },
      { type: 'finish', reason: converseStopReasonToInference(r.stopReason), ...(r.serviceTier === undefined ? {} : { serviceTier: r.serviceTier }) },
    ]),
  );
