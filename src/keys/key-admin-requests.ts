/**
 * The bodies of the key admin calls (POST /admin/keys, PATCH /admin/keys/:id, PUT /admin/teams/:team), checked
 * with the same field rules as the configuration's keys. Times are ISO-8601; `null` clears an optional field on
 * update. A problem is a 400 `invalid_request` naming the field.
 */
import { z } from 'zod';
import { limitsSchema } from '../config/config-schema.js';
import { GeorouteError } from '../errors/error-catalog.js';

const identifier = z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, ".", "_", ":", "-"');
const regionId = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"');
const isoTime = z.string().datetime({ offset: true }).transform((text) => Date.parse(text));

const definitionFields = {
  name: z.string().min(1).max(200),
  team: identifier,
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).refine((t) => Object.keys(t).length <= 50, 'at most 50 tags'),
  expiresAt: isoTime,
  admin: z.boolean(),
  sourceRegion: regionId,
  sourceRegions: z.array(regionId).min(1),
  allowedGeographies: z.array(z.string().min(1)),
  allowedProfiles: z.array(z.string().min(1)),
  limits: limitsSchema,
};

export const createKeyRequestSchema = z.object({
  kind: z.enum(['api-key', 'access-key']).default('api-key'),
  name: definitionFields.name,
  team: definitionFields.team.optional(),
  tags: definitionFields.tags.default({}),
  expiresAt: definitionFields.expiresAt.optional(),
  admin: definitionFields.admin.default(false),
  sourceRegion: definitionFields.sourceRegion.optional(),
  sourceRegions: definitionFields.sourceRegions.optional(),
  allowedGeographies: definitionFields.allowedGeographies.optional(),
  allowedProfiles: definitionFields.allowedProfiles.optional(),
  limits: definitionFields.limits.optional(),
}).strict();

export const updateKeyRequestSchema = z.object({
  name: definitionFields.name.optional(),
  team: definitionFields.team.nullable().optional(),
  tags: definitionFields.tags.optional(),
  expiresAt: definitionFields.expiresAt.nullable().optional(),
  admin: definitionFields.admin.optional(),
  sourceRegion: definitionFields.sourceRegion.nullable().optional(),
  sourceRegions: definitionFields.sourceRegions.nullable().optional(),
  allowedGeographies: definitionFields.allowedGeographies.nullable().optional(),
  allowedProfiles: definitionFields.allowedProfiles.nullable().optional(),
  limits: definitionFields.limits.nullable().optional(),
}).strict();

export const teamLimitsRequestSchema = z.object({ limits: limitsSchema }).strict();

export type CreateKeyRequest = z.output<typeof createKeyRequestSchema>;
export type UpdateKeyRequest = z.output<typeof updateKeyRequestSchema>;

/** Parses with `schema` or throws a 400 naming the first wrong field. */
export function parseAdminBody<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue.path.join('.');
  throw new GeorouteError('invalid_request', `${param === '' ? 'body' : param}: ${issue.message}`, { param: param || undefined });
}
