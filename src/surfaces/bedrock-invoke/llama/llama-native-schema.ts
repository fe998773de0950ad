/**
 * Meta Llama 3.x's InvokeModel body on Bedrock: `{prompt, max_gen_len?, temperature?, top_p?, images?}` (images:
 * base64 strings for Llama 3.2 vision, placed by `<|image|>` in the prompt). Bedrock refuses members it does not
 * know ("extraneous key"), and so does the gateway, naming the member. Pure.
 */
import { z } from 'zod';
import { GeorouteError } from '../../../errors/error-catalog.js';
import { parseWireBody } from '../../../server/parse-wire-body.js';

const probability = z.number().min(0).max(1);

export const llamaRequestSchema = z
  .object({
    prompt: z.string().min(1, 'prompt must not be empty'),
    max_gen_len: z.number().int().min(1).optional(),
    temperature: probability.optional(),
    top_p: probability.optional(),
    images: z.array(z.string().min(1)).optional(),
  })
  .strip();

export type LlamaRequest = z.infer<typeof llamaRequestSchema>;

const MEMBERS: ReadonlySet<string> = new Set(Object.keys(llamaRequestSchema.shape));

/** Validates a Llama InvokeModel body; throws `GeorouteError('invalid_request')` naming the member. */
export function parseLlamaRequest(body: Record<string, unknown>): LlamaRequest {
  for (const key of Object.keys(body)) {
    if (!MEMBERS.has(key)) throw new GeorouteError('invalid_request', `Malformed input request: extraneous key [${key}] is not permitted.`, { param: key });
  }
  const parsed: LlamaRequest = parseWireBody(llamaRequestSchema, body);
  return parsed;
}
