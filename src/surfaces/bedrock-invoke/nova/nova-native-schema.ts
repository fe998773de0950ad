/**
 * The Amazon Nova native InvokeModel body (`schemaVersion: "messages-v1"`). It shares Converse's content blocks,
 * system blocks and tool configuration; `inferenceConfig` takes `maxTokens` or its older alias `max_new_tokens`,
 * and `topK`. Unknown members pass through.
 */
import { z } from 'zod';
import { messageSchema, systemBlockSchema, toolConfigSchema } from '../../bedrock-converse/converse-content-block-schema.js';
import type { NovaRequest } from './nova-native-types.js';
import { parseWireBody } from '../../../server/parse-wire-body.js';

const maxTokens = z.number().int().min(1);
const probability = z.number().min(0).max(1);
const topK = z.number().int().min(0);

export const novaInferenceConfigSchema = z
  .object({
    maxTokens: maxTokens.optional(),
    max_new_tokens: maxTokens.optional(),
    temperature: probability.optional(),
    topP: probability.optional(),
    top_p: probability.optional(),
    topK: topK.optional(),
    top_k: topK.optional(),
    stopSequences: z.array(z.string().min(1)).optional(),
  })
  .passthrough()
  .superRefine((value, ctx) => {
    const pairs: Array<[string, string]> = [
      ['maxTokens', 'max_new_tokens'],
      ['topP', 'top_p'],
      ['topK', 'top_k'],
    ];
    const record: Record<string, unknown> = value;
    for (const [name, alias] of pairs) {
      if (record[name] !== undefined && record[alias] !== undefined) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: [alias], message: `set ${name} or ${alias}, not both` });
      }
    }
  });

export const novaRequestSchema = z
  .object({
    schemaVersion: z.string().optional(),
    messages: z.array(messageSchema).min(1, 'messages must contain at least one message'),
    system: z.array(systemBlockSchema).optional(),
    inferenceConfig: novaInferenceConfigSchema.optional(),
    toolConfig: toolConfigSchema.optional(),
  })
  .passthrough();

/** Validates a Nova native InvokeModel body; throws `GeorouteError('invalid_request')` with `param`. */
export function parseNovaRequest(body: unknown): NovaRequest {
  const parsed: NovaRequest = parseWireBody(novaRequestSchema, body);
  return parsed;
}
