/**
 * Mistral's chat InvokeModel body on Bedrock (Mistral Large 2 `mistral.mistral-large-2407-v1:0`, Pixtral Large
 * `mistral.pixtral-large-2502-v1:0`), as AWS documents it ("Mistral AI chat completion" inference parameters):
 * `{messages: [{role: system|user|assistant|tool, content, tool_calls?, tool_call_id?}], tools?, tool_choice?:
 * auto|any|none, max_tokens?, temperature?, top_p?}`. Content is a string or, for Pixtral, parts (`text`,
 * `image_url` with `{url}`: a data URL or an https URL). The documented members are checked here and a bad value
 * is a 400 naming the field; members AWS does not document are not refused (whether Bedrock refuses them could
 * not be verified): they travel by name in `providerOptions.mistral`, so only a Mistral deployment gets them.
 * Parts and messages keep their other members (`passthrough`) so the converter can name them too. Pure.
 */
import { z } from 'zod';
import { parseWireBody } from '../../../server/parse-wire-body.js';

/** Bedrock's documented ranges for Mistral's sampling settings. */
const probability = z.number().min(0).max(1);

export const mistralContentPartSchema = z
  .object({
    type: z.string().min(1),
    text: z.string().optional(),
    image_url: z.union([z.string().min(1), z.object({ url: z.string().min(1), detail: z.string().optional() }).passthrough()]).optional(),
  })
  .passthrough()
  .superRefine((part, ctx) => {
    if (part.type === 'text' && part.text === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['text'], message: 'a text part needs its text' });
    if (part.type === 'image_url' && part.image_url === undefined) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['image_url'], message: 'an image_url part needs its image_url' });
  });

const contentSchema = z.union([z.string(), z.array(mistralContentPartSchema)]);

export const mistralToolCallSchema = z
  .object({
    id: z.string().min(1),
    type: z.literal('function').optional(),
    function: z.object({ name: z.string().min(1), arguments: z.union([z.string(), z.record(z.unknown())]) }).passthrough(),
  })
  .passthrough();

const systemMessage = z.object({ role: z.literal('system'), content: contentSchema }).passthrough();
const userMessage = z.object({ role: z.literal('user'), content: contentSchema }).passthrough();
const assistantMessage = z
  .object({ role: z.literal('assistant'), content: contentSchema.nullable().optional(), tool_calls: z.array(mistralToolCallSchema).optional() })
  .passthrough();
const toolMessage = z.object({ role: z.literal('tool'), tool_call_id: z.string().min(1), content: contentSchema, name: z.string().optional() }).passthrough();

export const mistralMessageSchema = z.discriminatedUnion('role', [systemMessage, userMessage, assistantMessage, toolMessage]);

export const mistralToolSchema = z
  .object({
    type: z.literal('function').optional(),
    function: z
      .object({ name: z.string().min(1), description: z.string().optional(), parameters: z.record(z.unknown()).optional(), strict: z.boolean().optional() })
      .passthrough(),
  })
  .passthrough();

export const mistralRequestSchema = z
  .object({
    messages: z.array(mistralMessageSchema).min(1, 'messages must hold at least one message'),
    tools: z.array(mistralToolSchema).optional(),
    tool_choice: z.enum(['auto', 'any', 'none']).optional(),
    max_tokens: z.number().int().min(1).optional(),
    temperature: probability.optional(),
    top_p: probability.optional(),
  })
  .passthrough();

export type MistralRequest = z.infer<typeof mistralRequestSchema>;
export type MistralMessage = z.infer<typeof mistralMessageSchema>;
export type MistralContentPart = z.infer<typeof mistralContentPartSchema>;
export type MistralToolCall = z.infer<typeof mistralToolCallSchema>;
export type MistralTool = z.infer<typeof mistralToolSchema>;

/** The top-level members AWS documents for the body; any other is carried by name. */
export const MISTRAL_MEMBERS: ReadonlySet<string> = new Set(Object.keys(mistralRequestSchema.shape));

/** Validates a Mistral chat InvokeModel body; throws `GeorouteError('invalid_request')` naming the field. */
export function parseMistralRequest(body: Record<string, unknown>): MistralRequest {
  const parsed: MistralRequest = parseWireBody(mistralRequestSchema, body);
  return parsed;
}
