/**
 * The Bedrock Converse request body (the modelId travels in the path). Unknown members, including unknown content
 * block members, pass through; a bad value is `invalid_request` with `param` such as
 * `messages[1].content[0].toolUse.name`.
 */
import { z } from 'zod';
import type { ConverseRequest } from './converse-types.js';
import { messageSchema, systemBlockSchema, toolConfigSchema } from './converse-content-block-schema.js';
import { parseWireBody } from '../../server/parse-wire-body.js';
import { isCommonConverseRequest } from './accept-common-converse-request.js';

export const converseInferenceConfigSchema = z
  .object({
    maxTokens: z.number().int().min(1).optional(),
    temperature: z.number().min(0).max(1).optional(),
    topP: z.number().min(0).max(1).optional(),
    stopSequences: z.array(z.string().min(1)).optional(),
  })
  .passthrough();

export const converseRequestSchema = z
  .object({
    messages: z.array(messageSchema).min(1, 'messages must contain at least one message'),
    system: z.array(systemBlockSchema).optional(),
    inferenceConfig: converseInferenceConfigSchema.optional(),
    toolConfig: toolConfigSchema.optional(),
    additionalModelRequestFields: z.record(z.unknown()).optional(),
    additionalModelResponseFieldPaths: z.array(z.string()).optional(),
    requestMetadata: z.record(z.string()).optional(),
    guardrailConfig: z.record(z.unknown()).optional(),
    promptVariables: z.record(z.unknown()).optional(),
    performanceConfig: z.object({ latency: z.string().optional() }).passthrough().optional(),
    serviceTier: z.object({ type: z.string().optional() }).passthrough().optional(),
    outputConfig: z
      .object({
        textFormat: z
          .object({
            type: z.string(),
            structure: z
              .object({
                jsonSchema: z
                  .object({ schema: z.string().min(1), name: z.string().optional(), description: z.string().optional() })
                  .passthrough()
                  .optional(),
              })
              .passthrough()
              .optional(),
          })
          .passthrough()
          .optional(),
        effort: z.string().optional(),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();

/**
 * Validates a Converse / ConverseStream body; throws `GeorouteError('invalid_request')` with `param`. The common
 * shapes (text messages, text system blocks, the four inference settings) are accepted by a compiled check that
 * is never wider than the schema (accept-common-converse-request.ts); every other body goes through zod.
 */
export function parseConverseRequest(body: unknown): ConverseRequest {
  if (isCommonConverseRequest(body)) return body;
  const parsed: ConverseRequest = parseWireBody(converseRequestSchema, body);
  return parsed;
}
