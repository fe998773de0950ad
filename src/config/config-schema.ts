/**
 * The YAML configuration schema (documented field by field in docs/configuration.md). Shape checks live here;
 * cross-references (a deployment's region exists, ...) are checked in validate-config-references.ts.
 */
import { z } from 'zod';

const identifier = z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/, 'letters, digits, ".", "_", ":", "-"');
const regionId = z.string().min(1).max(64).regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and "-"');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name');
/** A decimal amount of money per million tokens, written as a string or number ("0.33"); parsed exactly. */
const decimalAmount = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const text = typeof v === 'number' ? String(v) : v.trim();
  if (!/^\d+(\.\d{1,6})?$/.test(text)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${text}" is not a non-negative decimal with at most 6 fractional digits` });
    return z.NEVER;
  }
  return text;
});
/**
 * Prices per million tokens. Cache prices (Anthropic prompt caching, Bedrock cache points) default to the input
 * price: a cached token is never billed below what the operator wrote down.
 */
const priceSchema = z.object({
  inputPerMillion: decimalAmount,
  /** Required for chat models; an embedding model produces no output tokens and may leave it out. */
  outputPerMillion: decimalAmount.optional(),
  cacheReadPerMillion: decimalAmount.optional(),
  cacheWritePerMillion: decimalAmount.optional(),
}).strict();
const positiveInt = z.number().int().positive();

export const regionSchema = z.object({
  id: regionId,
  name: z.string().min(1),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "DE"'),
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
}).strict();

export const geographySchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and "-"'),
  name: z.string().min(1).optional(),
  regions: z.array(regionId).min(1),
}).strict();

/** InvokeModel body families: chat families (Nova, Claude, Llama, Mistral), and the embedding families (Titan Text Embeddings V2, Cohere Embed). */
export const nativeFormatSchema = z.enum(['nova', 'anthropic', 'llama', 'mistral', 'titan-embed', 'cohere-embed']);
/** Service tiers a request may ask for (Converse `serviceTier.type`, `X-Amzn-Bedrock-Service-Tier`, OpenAI `service_tier`). */
export const serviceTierSchema = z.enum(['default', 'flex', 'priority', 'reserved']);

/** What an embedding model produces: its vector size, and the sizes a request may ask for with `dimensions`. */
const embeddingSchema = z.object({
  dimensions: positiveInt,
  /** Sizes a request may ask for (default: only `dimensions`). */
  allowedDimensions: z.array(positiveInt).min(1).optional(),
}).strict();

export const modelSchema = z.object({
  id: identifier,
  name: z.string().min(1),
  /** `chat` (default) or `embedding`: a request of the other kind is refused with a 400. */
  kind: z.enum(['chat', 'embedding']).default('chat'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "USD"').default('USD'),
  price: priceSchema,
  regionPrices: z.record(regionId, priceSchema).default({}),
  /** Prices of a service tier (a request served at `flex`, `priority`, ...); the source region's price otherwise. */
  tierPrices: z.record(serviceTierSchema, priceSchema).default({}),
  nativeFormat: nativeFormatSchema.optional(),
  /** Embedding models: the vector size (required for `kind: embedding`). */
  embedding: embeddingSchema.optional(),
  /**
   * Settings a request may set that a deployment of this model may drop instead of being no candidate (no silent
   * drops otherwise): canonical names (`responseFormat`, `seed`, `logprobs`, ...) or `providerOptions.<ns>[.<member>]`.
   */
  droppableSettings: z.array(z.string().min(1)).default([]),
}).strict().superRefine((model, ctx) => {
  const prices = [model.price, ...Object.values(model.regionPrices), ...Object.values(model.tierPrices)];
  if (model.kind === 'chat' && prices.some((price) => price?.outputPerMillion === undefined)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'a chat model needs outputPerMillion in every price', path: ['price', 'outputPerMillion'] });
  }
  if (model.kind === 'embedding' && model.embedding === undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'an embedding model needs embedding.dimensions', path: ['embedding'] });
  }
  if (model.kind === 'chat' && model.embedding !== undefined) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'embedding is only for kind: embedding', path: ['embedding'] });
  }
  const family = model.nativeFormat;
  const embeddingFamily = family === 'titan-embed' || family === 'cohere-embed';
  if (family !== undefined && embeddingFamily !== (model.kind === 'embedding')) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: `nativeFormat ${family} does not fit a ${model.kind} model`, path: ['nativeFormat'] });
  }
});

export const simulatorSchema = z.object({
  timeToFirstTokenMs: z.number().int().min(0).default(150),
  tokensPerSecond: z.number().positive().default(60),
  maxConcurrent: positiveInt.optional(),
  requestsPerMinute: positiveInt.optional(),
  tokensPerMinute: positiveInt.optional(),
}).strict();

export const deploymentSchema = z.object({
  id: identifier.optional(),
  model: identifier,
  region: regionId,
  provider: z.string().min(1),
  endpoint: z.string().url().optional(),
  upstreamModel: z.string().min(1).optional(),
  credentials: z.object({
    apiKeyEnv: envName.optional(),
    accessKeyIdEnv: envName.optional(),
    secretAccessKeyEnv: envName.optional(),
    sessionTokenEnv: envName.optional(),
  }).strict().default({}),
  capacity: z.object({
    requestsPerMinute: positiveInt.default(600),
    tokensPerMinute: positiveInt.default(1_000_000),
    maxConcurrent: positiveInt.default(16),
  }).strict().default({}),
  timeouts: z.object({
    connectMs: positiveInt.default(2_000),
    firstByteMs: positiveInt.default(30_000),
    idleMs: positiveInt.default(30_000),
  }).strict().default({}),
  tls: z.object({
    caFile: z.string().min(1).optional(),
    certFile: z.string().min(1).optional(),
    keyFile: z.string().min(1).optional(),
    serverName: z.string().min(1).optional(),
  }).strict().optional(),
  allowInsecure: z.boolean().default(false),
  nativeFormat: nativeFormatSchema.optional(),
  /**
   * Every region the upstream may process a request in (default: `region`). Declared for upstreams that route on
   * their own (a Bedrock cross-region profile as `upstreamModel`; later Azure Data Zones, Anthropic `inference_geo`,
   * Vertex multi-region endpoints): the deployment is a candidate only where this whole set is inside the boundary.
   * `[]` says the set is unknown (a Vertex global endpoint, an Azure Global deployment): only an unrestricted
   * `global` profile may use it.
   */
  processingRegions: z.array(regionId).optional(),
  /**
   * Wire formats the upstream speaks as they are besides its provider's own, for the fast path (only the model
   * substituted): `openai-responses`, an OpenAI-compatible upstream (or simulator) that serves `POST /responses`.
   */
  wireFormats: z.array(z.enum(['openai-responses'])).default([]),
  sim: simulatorSchema.optional(),
  /** Provider `azure-openai` (docs/providers.md#azure-openai). */
  azure: z.object({
    deploymentType: z.enum(['standard', 'data-zone', 'global']).default('standard'),
    /** The deployments URL style with this api-version (`2024-10-21`); absent: the v1 URL style. */
    apiVersion: z.string().regex(/^(v1|\d{4}-\d{2}-\d{2}(-preview)?)$/, 'an api-version such as "2024-10-21", "2025-04-01-preview" or "v1"').optional(),
    entraTokenEnv: envName.optional(),
  }).strict().optional(),
  /** Provider `vertex-gemini` (docs/providers.md#vertex-gemini). */
  vertex: z.object({
    project: z.string().min(1).regex(/^[a-z][a-z0-9-]*[a-z0-9]$/, 'a Google Cloud project id'),
    location: z.string().regex(/^[a-z][a-z0-9-]*$/, 'a Vertex AI location such as "europe-west4", "eu" or "global"'),
    credentialsFile: z.string().min(1).optional(),
  }).strict().optional(),
}).strict();

/** What an identity may use (src/auth/identity.ts `IdentityScope`); the same fields under every kind of identity. */
const identityScopeFields = {
  /** Source regions this identity may claim (header, SigV4 scope); default: any, or `sourceRegion` alone when set. */
  sourceRegions: z.array(regionId).min(1).optional(),
  allowedGeographies: z.array(z.string().min(1)).optional(),
  allowedProfiles: z.array(z.string().min(1)).optional(),
};

/**
 * Budgets and rate limits of a key or a team (src/limits/): spend in money of `currency` per UTC day and month
 * (decimal strings, kept as integer micro-units), requests and tokens per minute. Enforced across replicas.
 */
export const limitsSchema = z.object({
  requestsPerMinute: positiveInt.optional(),
  tokensPerMinute: positiveInt.optional(),
  spendPerDay: decimalAmount.optional(),
  spendPerMonth: decimalAmount.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as "USD"').default('USD'),
}).strict();

/** Who owns a key and what it may spend; the same under configured and managed keys. */
const keyOwnershipFields = {
  team: identifier.optional(),
  limits: limitsSchema.optional(),
};

export const apiKeySchema = z.object({
  id: identifier,
  /** Hex SHA-256 of the key; the key itself is never in the file. */
  keySha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits (sha256 of the key)').optional(),
  /** Or the name of an environment variable that holds the key. */
  keyEnv: envName.optional(),
  sourceRegion: regionId.optional(),
  ...identityScopeFields,
  ...keyOwnershipFields,
  admin: z.boolean().default(false),
}).strict().refine((k) => Boolean(k.keySha256) !== Boolean(k.keyEnv), 'exactly one of keySha256 or keyEnv');

export const accessKeySchema = z.object({
  accessKeyId: z.string().regex(/^[A-Z0-9]{16,128}$/, 'upper-case letters and digits, 16 to 128 characters'),
  secretAccessKeyEnv: envName,
  ...identityScopeFields,
  ...keyOwnershipFields,
  admin: z.boolean().default(false),
}).strict();

/** The scope of callers without credentials (`allowAnonymous`); without `sourceRegions` they get the server default only. */
export const anonymousScopeSchema = z.object(identityScopeFields).strict();

export const authSchema = z.union([
  z.literal('none'),
  z.object({
    /** Serve requests that carry no credentials as the anonymous identity (demos). Wrong credentials still fail. */
    allowAnonymous: z.boolean().default(false),
    anonymous: anonymousScopeSchema.optional(),
    apiKeys: z.array(apiKeySchema).default([]),
    accessKeys: z.array(accessKeySchema).default([]),
  }).strict(),
]);

export const auditSchema = z.object({
  enabled: z.boolean().default(true),
  store: z.enum(['sqlite', 'postgres']).default('sqlite'),
  postgres: z.object({
    urlEnv: envName,
    schemaPrefix: z.string().regex(/^[a-z][a-z0-9_]*$/).default('georoute_audit'),
    /** Bound on opening a connection (TCP and startup); a database that does not answer fails the commit. */
    connectTimeoutMs: positiveInt.default(3_000),
    /** Bound on each statement, on the server (statement_timeout) and in the client (a frozen server). */
    statementTimeoutMs: positiveInt.default(5_000),
  }).strict().optional(),
  /** Signed checkpoints of each store's hash chain. */
  checkpoint: z.object({
    keyEnv: envName,
    everyRecords: positiveInt.default(1000),
    everyMs: positiveInt.default(60_000),
    /** Where checkpoint digests are written, outside the audit database (relative to server.dataDir). */
    digestDir: z.string().min(1).default('audit-digests'),
  }).strict().optional(),
  commit: z.object({
    maxBatch: positiveInt.default(256),
    maxDelayMs: z.number().int().min(0).default(0),
    /** After a failed commit, later commits of that store fail at once for this long, then one tries again. */
    failFastMs: z.number().int().min(0).default(1_000),
  }).strict().default({}),
  /** Content logging, off by default: an upstream's error text (it can echo the prompt) in client errors and records. */
  contentLogging: z.object({ upstreamErrorText: z.boolean().default(false) }).strict().default({}),
}).strict();

export const serverSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  defaultSourceRegion: regionId,
  maxBodyBytes: positiveInt.default(1_048_576),
  dataDir: z.string().min(1).default('.data'),
  tls: z.object({ certFile: z.string().min(1), keyFile: z.string().min(1) }).strict().optional(),
  /** Bounds on slow or idle client connections, both protocols (docs/server-layer.md#slow-and-idle-connections). */
  connections: z.object({
    /** From a connection's (or a request's) first byte to its complete request head. */
    headersTimeoutMs: positiveInt.default(10_000),
    /** From a request's first byte to its complete body. */
    requestTimeoutMs: positiveInt.default(30_000),
    /** A connection with no request in progress (HTTP/1.1 keep-alive, HTTP/2 without streams) is closed after this. */
    idleTimeoutMs: positiveInt.default(65_000),
    /** Connections that have not yet sent enough bytes to tell their protocol; past this, the oldest is closed. */
    maxPending: positiveInt.default(256),
  }).strict().refine((c) => c.headersTimeoutMs <= c.requestTimeoutMs, {
    message: 'headersTimeoutMs must not exceed requestTimeoutMs',
    path: ['headersTimeoutMs'],
  }).default({}),
}).strict();

export const routingSchema = z.object({
  maxAttempts: positiveInt.default(4),
  deadlineMs: positiveInt.default(120_000),
  /** A request stopped while its upstream works keeps its slot this long after the hang-up (docs/routing.md). */
  cancelHoldMs: z.number().int().min(0).default(250),
  queue: z.object({ maxWaiting: z.number().int().min(0).default(256), maxWaitMs: z.number().int().min(0).default(2_000) }).strict().default({}),
  breaker: z.object({
    failureThreshold: positiveInt.default(5),
    openMs: positiveInt.default(10_000),
  }).strict().default({}),
  /** Where capacity and health live: in this process, or in Redis shared by every replica (docs/routing.md). */
  capacityStore: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('memory') }).strict(),
    z.object({
      kind: z.literal('redis'),
      urlEnv: envName,
      keyPrefix: z.string().max(128).regex(/^[A-Za-z0-9:._-]*$/, 'letters, digits, ":", ".", "_", "-"').default('georoute:capacity:'),
    }).strict(),
  ]).default({ kind: 'memory' }),
}).strict().default({});

/**
 * Where keys managed at run time, team budgets, usage counters and (with postgres) application profiles live:
 * `<dataDir>/state.sqlite` for one process, or one PostgreSQL schema shared by every replica (docs/operations.md).
 */
export const stateSchema = z.object({
  store: z.enum(['sqlite', 'postgres']).default('sqlite'),
  postgres: z.object({
    urlEnv: envName,
    schema: z.string().max(63).regex(/^[a-z][a-z0-9_]*$/, 'lower-case letters, digits and "_"').default('georoute_state'),
    connectTimeoutMs: positiveInt.default(3_000),
    statementTimeoutMs: positiveInt.default(2_000),
  }).strict().optional(),
  /** How often each replica reads key, team and application-profile changes: the bound on a revocation's reach. */
  refreshMs: positiveInt.default(1_000),
  /** The AES-256-GCM key sealing managed access keys' secrets: 32 bytes as 64 hex digits or base64, in a variable or a file. */
  secretKeyEnv: envName.optional(),
  secretKeyFile: z.string().min(1).optional(),
}).strict().refine((s) => s.store !== 'postgres' || s.postgres !== undefined, {
  message: 'store: postgres needs state.postgres.urlEnv',
  path: ['postgres'],
}).default({});

export const pricingSchema = z.object({
  /** Percent discount per pricing tier, e.g. { global: "10" }. */
  discounts: z.object({
    'in-region': decimalAmount.optional(),
    geographic: decimalAmount.optional(),
    global: decimalAmount.optional(),
  }).strict().default({}),
}).strict().default({});

/** Traces over OTLP/HTTP (docs/observability.md); off by default. Metrics are always served at /metrics. */
export const observabilitySchema = z.object({
  tracing: z.object({
    enabled: z.boolean().default(false),
    /** OTLP/HTTP traces URL; default: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, OTEL_EXPORTER_OTLP_ENDPOINT, or http://localhost:4318/v1/traces. */
    endpoint: z.string().url().optional(),
    serviceName: z.string().min(1).default('georoute'),
    /** Share of new traces recorded (a caller's sampled `traceparent` is always followed). */
    sampleRatio: z.number().min(0).max(1).default(1),
  }).strict().default({}),
}).strict().default({});

/**
 * The OpenAI Responses API (docs/api-surfaces.md). `store`: the response store, off by default, the one place
 * georoute keeps content: `store: true` and `previous_response_id` are a 400 until an operator enables it.
 */
export const responsesSchema = z.object({
  store: z.object({
    enabled: z.boolean().default(false),
    /** How long a stored response is kept, in hours (at most 30 days); expired ones are deleted and never returned. */
    retentionHours: positiveInt.max(720).default(24),
  }).strict().default({}),
}).strict().default({});

export const configSchema = z.object({
  server: serverSchema,
  auth: authSchema,
  audit: auditSchema.default({}),
  routing: routingSchema,
  state: stateSchema,
  pricing: pricingSchema,
  observability: observabilitySchema,
  responses: responsesSchema,
  regions: z.array(regionSchema).min(1),
  geographies: z.array(geographySchema).default([]),
  models: z.array(modelSchema).min(1),
  deployments: z.array(deploymentSchema).min(1),
}).strict();

export type GeorouteConfigInput = z.input<typeof configSchema>;
export type GeorouteConfig = z.output<typeof configSchema>;
export type DeploymentConfig = GeorouteConfig['deployments'][number];
export type AuthConfig = GeorouteConfig['auth'];
export type AuditConfig = GeorouteConfig['audit'];
export type StateConfig = GeorouteConfig['state'];
export type LimitsConfig = z.output<typeof limitsSchema>;
export type TracingConfig = GeorouteConfig['observability']['tracing'];
export type ResponsesConfig = GeorouteConfig['responses'];
