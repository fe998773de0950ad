/** `POST /v1/embeddings`: OpenAI embeddings of the requested size (`dimensions`), floats or base64. */
import { z } from 'zod';
import { countInputTokens } from './deterministic-text.js';
import { defaultEmbeddingDimensions, deterministicEmbedding, embeddingSeed } from './deterministic-embedding.js';
import { SimError } from './sim-error.js';
import { parseJsonObject, writeJson } from './sim-http-io.js';
import type { SimOperation } from './sim-operation.js';

const requestSchema = z.object({
  model: z.string().min(1),
  input: z.union([z.string().min(1), z.array(z.string().min(1)).min(1), z.array(z.number().int()).min(1), z.array(z.array(z.number().int()).min(1)).min(1)]),
  dimensions: z.number().int().min(1).optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
  user: z.string().optional(),
}).strict();

function inputsOf(input: z.output<typeof requestSchema>['input']): Array<string | number[]> {
  if (typeof input === 'string') return [input];
  if (input.every((item): item is number => typeof item === 'number')) return [input];
  return input as Array<string | number[]>;
}

function base64OfFloats(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString('base64');
}

export const openAiEmbeddingsOperation: SimOperation = {
  name: 'embeddings',
  protocol: 'openai',
  prepare(body) {
    const parsed = requestSchema.safeParse(parseJsonObject(body));
    if (!parsed.success) throw new SimError('invalid_request', `Invalid embeddings request: ${parsed.error.issues[0]?.message ?? 'invalid'}.`);
    const request = parsed.data;
    const inputs = inputsOf(request.input);
    const inputTokens = inputs.reduce((sum, input) => sum + (typeof input === 'string' ? countInputTokens([input]) : input.length), 0);
    const dimensions = request.dimensions ?? defaultEmbeddingDimensions(request.model);
    return {
      prompt: { texts: inputs.map(embeddingSeed), maxTokens: 0, lastUserMessageMentionsWeather: false },
      stream: false,
      complete: () => ({ kind: 'text', tokens: [], finish: 'stop', inputTokens, outputTokens: 0 }),
      async respond(exchange) {
        exchange.res.setHeader('x-request-id', exchange.requestId);
        writeJson(exchange.res, 200, {
          object: 'list',
          data: inputs.map((input, index) => {
            const vector = deterministicEmbedding(embeddingSeed(input), dimensions);
            return { object: 'embedding', index, embedding: request.encoding_format === 'base64' ? base64OfFloats(vector) : vector };
          }),
          model: request.model,
          usage: { prompt_tokens: inputTokens, total_tokens: inputTokens },
        });
        return 'completed';
      },
    };
  },
};
