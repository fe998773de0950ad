/**
 * InvokeModel with an embedding model's body, by the model id in the path: Titan Text Embeddings V2
 * (`amazon.titan-embed-*`: `{inputText, dimensions, normalize, embeddingTypes}`) and Cohere Embed
 * (`cohere.embed-*`: `{texts, input_type, truncate, embedding_types, output_dimension}`), answered as Bedrock does,
 * with the token-count headers and the service tier it was asked for.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { countInputTokens } from './deterministic-text.js';
import { defaultEmbeddingDimensions, deterministicEmbedding, quantizeEmbedding, type SimEmbeddingType } from './deterministic-embedding.js';
import type { SimCompletion } from './sim-completion.js';
import { SimError } from './sim-error.js';
import { writeJson } from './sim-http-io.js';
import type { PreparedSimRequest, SimExchange } from './sim-operation.js';

const titanSchema = z.object({
  inputText: z.string().min(1),
  dimensions: z.union([z.literal(256), z.literal(512), z.literal(1024)]).optional(),
  normalize: z.boolean().optional(),
  embeddingTypes: z.array(z.enum(['float', 'binary'])).min(1).optional(),
}).strict();

const cohereSchema = z.object({
  texts: z.array(z.string().min(1)).min(1).max(96),
  input_type: z.enum(['search_document', 'search_query', 'classification', 'clustering']),
  truncate: z.enum(['NONE', 'START', 'END']).optional(),
  embedding_types: z.array(z.enum(['float', 'int8', 'uint8', 'binary', 'ubinary'])).min(1).optional(),
  output_dimension: z.number().int().min(1).optional(),
}).strict();

export function embeddingFamilyOfModelId(modelId: string | undefined): 'titan' | 'cohere' | undefined {
  if (modelId === undefined) return undefined;
  if (/(^|[./:])amazon\.titan-embed/.test(modelId)) return 'titan';
  if (/(^|[./:])cohere\.embed/.test(modelId)) return 'cohere';
  return undefined;
}

function parse<S extends z.ZodTypeAny>(schema: S, json: Record<string, unknown>): z.output<S> {
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SimError('invalid_request', `Malformed input request: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim());
  }
  return parsed.data;
}

function writeAnswer(exchange: SimExchange, inputTokens: number, body: unknown): 'completed' {
  const { res } = exchange;
  res.setHeader('x-amzn-requestid', exchange.requestId);
  res.setHeader('x-amzn-bedrock-input-token-count', String(inputTokens));
  res.setHeader('x-amzn-bedrock-output-token-count', '0');
  res.setHeader('x-amzn-bedrock-invocation-latency', '1');
  const tier = exchange.req.headers['x-amzn-bedrock-service-tier'];
  if (typeof tier === 'string') res.setHeader('x-amzn-bedrock-service-tier', tier);
  writeJson(res, 200, body);
  return 'completed';
}

function embeddingCompletion(inputTokens: number): () => SimCompletion {
  return () => ({ kind: 'text', tokens: [], finish: 'stop', inputTokens, outputTokens: 0 });
}

export function prepareEmbeddingInvoke(json: Record<string, unknown>, family: 'titan' | 'cohere', modelId: string | undefined): PreparedSimRequest {
  if (family === 'titan') {
    const titan = parse(titanSchema, json);
    const dimensions = titan.dimensions ?? 1024;
    const inputTokens = countInputTokens([titan.inputText]);
    return {
      prompt: { texts: [titan.inputText], maxTokens: 0, lastUserMessageMentionsWeather: false },
      stream: false,
      complete: embeddingCompletion(inputTokens),
      async respond(exchange) {
        const vector = deterministicEmbedding(titan.inputText, dimensions, titan.normalize ?? true);
        const byType: Record<string, number[]> = {};
        for (const type of titan.embeddingTypes ?? ['float']) byType[type] = quantizeEmbedding(vector, type, 'titan');
        return writeAnswer(exchange, inputTokens, { embedding: vector, inputTextTokenCount: inputTokens, embeddingsByType: byType });
      },
    };
  }
  const cohere = parse(cohereSchema, json);
  const dimensions = cohere.output_dimension ?? defaultEmbeddingDimensions(modelId);
  const inputTokens = countInputTokens(cohere.texts);
  return {
    prompt: { texts: cohere.texts, maxTokens: 0, lastUserMessageMentionsWeather: false },
    stream: false,
    complete: embeddingCompletion(inputTokens),
    async respond(exchange) {
      const floats = cohere.texts.map((text) => deterministicEmbedding(text, dimensions));
      const id = randomBytes(16).toString('hex');
      const types = cohere.embedding_types;
      if (types === undefined) return writeAnswer(exchange, inputTokens, { id, embeddings: floats, response_type: 'embeddings_floats', texts: cohere.texts });
      const byType: Partial<Record<SimEmbeddingType, number[][]>> = {};
      for (const type of types) byType[type] = floats.map((vector) => quantizeEmbedding(vector, type, 'cohere'));
      return writeAnswer(exchange, inputTokens, { id, embeddings: byType, response_type: 'embeddings_by_type', texts: cohere.texts });
    },
  };
}
