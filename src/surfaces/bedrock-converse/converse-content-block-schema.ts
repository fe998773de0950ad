/**
 * zod schemas for the Converse pieces the Converse and Nova native bodies share: content blocks, system blocks and
 * the tool configuration. Each Bedrock union sets one member; members this gateway does not know are tolerated.
 */
import { z } from 'zod';
import type { ConverseContentBlock, ConverseMessage } from './converse-types.js';
import { oneMemberOf } from '../../server/parse-wire-body.js';

const s3Location = z.object({ uri: z.string().min(1), bucketOwner: z.string().optional() }).passthrough();

const mediaSource = oneMemberOf({ bytes: z.string().min(1), s3Location }, 'source');

export const imageBlockSchema = z
  .object({ format: z.enum(['png', 'jpeg', 'gif', 'webp']), source: mediaSource })
  .passthrough();

const documentBlock = z
  .object({
    name: z.string().min(1),
    format: z.string().optional(),
    source: oneMemberOf({ bytes: z.string().min(1), s3Location, text: z.string() }, 'document source'),
  })
  .passthrough();

const mediaBlock = z.object({ format: z.string().min(1), source: mediaSource }).passthrough();

const toolUseBlock = z
  .object({
    toolUseId: z.string().min(1),
    name: z.string().min(1),
    input: z.unknown().refine((input) => input !== undefined, 'Required'),
  })
  .passthrough();

const toolResultContent = oneMemberOf(
  {
    json: z.unknown(),
    text: z.string(),
    image: imageBlockSchema,
    document: documentBlock,
    video: mediaBlock,
  },
  'tool result content block',
);

const toolResultBlock = z
  .object({
    toolUseId: z.string().min(1),
    content: z.array(toolResultContent),
    status: z.enum(['success', 'error']).optional(),
  })
  .passthrough();

const reasoningContentBlock = oneMemberOf(
  {
    reasoningText: z.object({ text: z.string(), signature: z.string().optional() }).passthrough(),
    redactedContent: z.string(),
  },
  'reasoning content block',
);

const cachePoint = z.object({ type: z.string().min(1) }).passthrough();

const guardContent = z.object({}).passthrough();

// Typed explicitly: the inferred type is too long for tsc to write into a declaration file (TS7056, npm run build).
export const contentBlockSchema: z.ZodType<ConverseContentBlock, z.ZodTypeDef, unknown> = oneMemberOf(
  {
    text: z.string(),
    image: imageBlockSchema,
    document: documentBlock,
    video: mediaBlock,
    audio: z.object({}).passthrough(),
    toolUse: toolUseBlock,
    toolResult: toolResultBlock,
    reasoningContent: reasoningContentBlock,
    cachePoint,
    guardContent,
    citationsContent: z.object({}).passthrough(),
  },
  'content block',
);

export const messageSchema: z.ZodType<ConverseMessage, z.ZodTypeDef, unknown> = z
  .object({
    role: z.enum(['user', 'assistant', 'system']),
    content: z.array(contentBlockSchema),
  })
  .passthrough();

export const systemBlockSchema = oneMemberOf({ text: z.string(), guardContent, cachePoint }, 'system content block');

const toolSpec = z
  .object({
    name: z
      .string()
      .regex(/^[a-zA-Z0-9_-]{1,64}$/, 'a tool name is 1 to 64 letters, digits, underscores or dashes'),
    description: z.string().min(1).optional(),
    inputSchema: z.object({ json: z.record(z.unknown()) }).passthrough(),
  })
  .passthrough();

const emptyObject = z.object({}).passthrough();

export const toolConfigSchema = z
  .object({
    tools: z.array(oneMemberOf({ toolSpec, cachePoint }, 'tool')).min(1, 'toolConfig.tools needs at least one tool'),
    toolChoice: oneMemberOf(
      { auto: emptyObject, any: emptyObject, tool: z.object({ name: z.string().min(1) }).passthrough() },
      'tool choice',
    ).optional(),
  })
  .passthrough();
