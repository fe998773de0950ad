/**
 * The OpenAI embeddings request (`POST /v1/embeddings`): `input` as a string, an array of strings, an array of
 * token ids or an array of such arrays; `dimensions`, `encoding_format` (`float` or `base64`), `user`. A member
 * georoute does not know is refused naming it (it cannot be honoured, so it is never dropped silently).
 */
import { z } from 'zod';
import { parseWireBody } from '../../server/parse-wire-body.js';

/** OpenAI's limit on the number of inputs in one request. */
export const MAX_EMBEDDING_INPUTS = 2048;

const tokenId = z.number().int().min(0);
const text = z.string().min(1, 'an input must not be empty');

export const openAiEmbeddingsRequestSchema = z.object({
  model: z.string().min(1),
  input: z.union([
    text,
    z.array(text).min(1).max(MAX_EMBEDDING_INPUTS),
    z.array(tokenId).min(1),
    z.array(z.array(tokenId).min(1)).min(1).max(MAX_EMBEDDING_INPUTS),
  ]),
  dimensions: z.number().int().min(1).optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
  user: z.string().optional(),
}).strict();

export type OpenAiEmbeddingsRequest = z.output<typeof openAiEmbeddingsRequestSchema>;

export function parseOpenAiEmbeddingsRequest(body: unknown): OpenAiEmbeddingsRequest {
  return parseWireBody(openAiEmbeddingsRequestSchema, body);
}
