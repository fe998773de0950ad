/**
 * The CreateInferenceProfile body, validated with Bedrock's limits: name `([0-9a-zA-Z][ _-]?)+` up to 64
 * characters, description up to 200, clientRequestToken up to 256, at most 200 tags with unique keys of up to 128
 * characters and values of up to 256. The fingerprint is what an idempotent replay must match.
 */
import { z } from 'zod';
import { parseWireBody } from '../../../server/parse-wire-body.js';

export const MAX_TAGS = 200;

const tagSchema = z.object({ key: z.string().min(1).max(128), value: z.string().max(256) }).strict();

export const createInferenceProfileRequestSchema = z
  .object({
    inferenceProfileName: z
      .string()
      .min(1)
      .max(64)
      .regex(/^([0-9a-zA-Z][ _-]?)+$/, 'letters and digits, each optionally followed by one space, "_" or "-"'),
    description: z.string().min(1).max(200).optional(),
    clientRequestToken: z.string().min(1).max(256).optional(),
    modelSource: z.object({ copyFrom: z.string().min(1).max(2048) }).strict(),
    tags: z
      .array(tagSchema)
      .max(MAX_TAGS)
      .superRefine((tags, ctx) => {
        const seen = new Set<string>();
        for (const [index, tag] of tags.entries()) {
          if (seen.has(tag.key)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [index, 'key'], message: `duplicate tag key "${tag.key}"` });
          seen.add(tag.key);
        }
      })
      .optional(),
  })
  .passthrough();

export type CreateInferenceProfileRequest = z.output<typeof createInferenceProfileRequestSchema>;

/** Throws `invalid_request` (ValidationException) naming the first offending field. */
export function parseCreateInferenceProfileRequest(body: unknown): CreateInferenceProfileRequest {
  return parseWireBody(createInferenceProfileRequestSchema, body);
}

export function tagRecord(request: CreateInferenceProfileRequest): Record<string, string> {
  return Object.fromEntries((request.tags ?? []).map((tag) => [tag.key, tag.value]));
}

/** The request's meaning, independent of member order and tag order; the token itself is not part of it. */
export function createRequestFingerprint(request: CreateInferenceProfileRequest): string {
  const tags = [...(request.tags ?? [])].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((t) => [t.key, t.value]);
  return JSON.stringify([request.inferenceProfileName, request.description ?? null, request.modelSource.copyFrom, tags]);
}
