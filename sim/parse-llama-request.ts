/**
 * Meta Llama's InvokeModel body (`{prompt, max_gen_len?, temperature?, top_p?, images?}`) reduced to what the
 * simulator needs: the prompt text (seed and input tokens) and the output limit. Members Bedrock does not know
 * are refused as Bedrock refuses them ("extraneous key"). Pure.
 */
import { z } from 'zod';
import type { SimPrompt } from './sim-completion.js';
import { SimError } from './sim-error.js';

const llamaRequestSchema = z.object({
  prompt: z.string().min(1),
  max_gen_len: z.number().int().min(1).optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  images: z.array(z.string()).optional(),
}).strict();

/** `meta.llama3-...`, `eu.meta.llama3-...`, or an ARN ending in one. */
export function isLlamaModelId(modelId: string | undefined): boolean {
  return modelId !== undefined && /(^|[./:])meta\.llama/.test(modelId);
}

export function parseLlamaRequest(body: Record<string, unknown>, defaultMaxTokens: number): SimPrompt {
  const result = llamaRequestSchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const keys = issue?.code === 'unrecognized_keys' ? issue.keys.join(', ') : undefined;
    throw new SimError('invalid_request', keys !== undefined ? `Malformed input request: extraneous key [${keys}] is not permitted` : `Malformed input request: ${issue?.path.join('.') || 'body'}: ${issue?.message}`);
  }
  return { texts: [result.data.prompt], maxTokens: result.data.max_gen_len ?? defaultMaxTokens, lastUserMessageMentionsWeather: false };
}
