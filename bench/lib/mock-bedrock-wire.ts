/**
 * The mock upstream's answers in Bedrock's Converse wire (`bench:profile -- --wire bedrock`): ConverseStream's
 * event-stream frames, one `contentBlockDelta` per content chunk, and Converse's JSON answer.
 */
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function eventFrame(eventType: string, body: Record<string, unknown>): Buffer {
  return Buffer.from(codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: fromUtf8(JSON.stringify(body)),
  }));
}

export function converseStreamFrames(chunkCount: number): Buffer[] {
  return [
    eventFrame('messageStart', { role: 'assistant' }),
    ...Array.from({ length: chunkCount }, (_, i) => eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: i === 0 ? 'word ' : `word${i} ` } })),
    eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
    eventFrame('messageStop', { stopReason: 'end_turn' }),
    eventFrame('metadata', { usage: { inputTokens: 12, outputTokens: chunkCount, totalTokens: 12 + chunkCount }, metrics: { latencyMs: 1 } }),
  ];
}

export const converseJsonAnswer = JSON.stringify({
  output: { message: { role: 'assistant', content: [{ text: 'Hello from the bench mock upstream, five words.' }] } },
  stopReason: 'end_turn',
  usage: { inputTokens: 12, outputTokens: 20, totalTokens: 32 },
  metrics: { latencyMs: 1 },
});
