/**
 * The resolved catalog: what exists (regions, geographies, models, deployments) and the inference profiles
 * derived from it. Built once from a validated configuration; read-only afterwards.
 */

export interface Region {
  id: string;
  name: string;
  /** ISO 3166-1 alpha-2 country code. */
  country: string;
  latitude: number;
  longitude: number;
}

export interface Geography {
  id: string;
  name: string;
  regionIds: readonly string[];
}

/** Prices in integer micro-units of the model's currency per million tokens (0.33 USD/M = 330_000). */
export interface Price {
  inputMicrosPerMillion: number;
  outputMicrosPerMillion: number;
  /** Prompt-cache reads and writes; when unset, the input price applies. */
  cacheReadMicrosPerMillion?: number;
  cacheWriteMicrosPerMillion?: number;
}

/** InvokeModel body families of chat models (Nova, Claude, Meta Llama 3.x, Mistral's chat body). */
export type ChatNativeFormat = 'nova' | 'anthropic' | 'llama' | 'mistral';
/** InvokeModel body families of embedding models (Titan Text Embeddings V2, Cohere Embed). */
export type EmbeddingNativeFormat = 'titan-embed' | 'cohere-embed';
/** Body families InvokeModel accepts natively; a deployment must speak the model's family to serve InvokeModel. */
export type NativeFormat = ChatNativeFormat | EmbeddingNativeFormat;

export function isEmbeddingNativeFormat(format: NativeFormat | undefined): format is EmbeddingNativeFormat {
  return format === 'titan-embed' || format === 'cohere-embed';
}

/** What a model does: generate (chat) or embed. A request of the other kind is a 400. */
export type ModelKind = 'chat' | 'embedding';

/** An embedding model's vector size and the sizes a request may ask for (`dimensions`). */
export interface EmbeddingShape {
  dimensions: number;
  allowedDimensions: readonly number[];
}

export interface Model {
  id: string;
  name: string;
  /** Absent: `chat` (the catalog builder always sets it). */
  kind?: ModelKind;
  currency: string;
  price: Price;
  /** Per-region price overrides, keyed by region id. The source region's price applies. */
  regionPrices: ReadonlyMap<string, Price>;
  /** Prices of a service tier (`flex`, `priority`, ...): they apply to a request served at that tier. */
  tierPrices?: ReadonlyMap<string, Price>;
  nativeFormat?: NativeFormat;
  /** For `kind: embedding`. */
  embedding?: EmbeddingShape;
  /** Settings an operator allows deployments of this model to drop (`models[].droppableSettings`). */
  droppableSettings?: ReadonlySet<string>;
}

export interface DeploymentCapacity {
  requestsPerMinute: number;
  tokensPerMinute: number;
  maxConcurrent: number;
}

export interface DeploymentTimeouts {
  /** TCP + TLS connect. */
  connectMs: number;
  /** From sending the request to the response headers (and, for streams, the first event). */
  firstByteMs: number;
  /** Longest silence between two chunks of a response body. */
  idleMs: number;
}

/** Credentials are references to environment variables, resolved when the upstream is created. */
export interface DeploymentCredentials {
  apiKeyEnv?: string;
  accessKeyIdEnv?: string;
  secretAccessKeyEnv?: string;
  sessionTokenEnv?: string;
}

export interface DeploymentTls {
  caFile?: string;
  certFile?: string;
  keyFile?: string;
  serverName?: string;
}

/** Settings of an in-process region simulator (provider `sim`). */
export interface SimulatorSettings {
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
  /** The simulator's own limits; default to the deployment's declared capacity. */
  maxConcurrent: number;
  requestsPerMinute: number;
  tokensPerMinute: number;
}

/** Settings of an Azure OpenAI deployment (provider `azure-openai`). */
export interface AzureDeploymentSettings {
  /** Standard: processes in its region; Data Zone: anywhere in its zone; Global: anywhere Azure chooses. */
  deploymentType: 'standard' | 'data-zone' | 'global';
  /** The deployments URL style with this `api-version`; absent: the v1 URL style. */
  apiVersion?: string;
  /** A Microsoft Entra token from this environment variable (when no `credentials.apiKeyEnv`). */
  entraTokenEnv?: string;
}

/** Settings of a Vertex AI Gemini deployment (provider `vertex-gemini`). */
export interface VertexDeploymentSettings {
  project: string;
  /** A region (`europe-west4`), a multi-region (`eu`, `us`) or `global`: it picks the endpoint and the path. */
  location: string;
  /** A service-account key file; absent: application default credentials. */
  credentialsFile?: string;
}

export interface Deployment {
  id: string;
  modelId: string;
  regionId: string;
  /** Provider kind: a key of the upstream registry (`openai-compatible`, `bedrock`, `sim`). */
  provider: string;
  /** Base URL of the upstream; for `sim` it is filled in when the simulator starts. */
  endpoint: string;
  upstreamModel: string;
  credentials: DeploymentCredentials;
  capacity: DeploymentCapacity;
  timeouts: DeploymentTimeouts;
  tls?: DeploymentTls;
  allowInsecure: boolean;
  /** Upstream accepts the model-native InvokeModel body of this family. */
  nativeFormat?: NativeFormat;
  sim?: SimulatorSettings;
  azure?: AzureDeploymentSettings;
  vertex?: VertexDeploymentSettings;
  /**
   * Every region the upstream may process a request in: `[regionId]` unless the deployment declares
   * `processingRegions` (an upstream that routes on its own). A candidate only where all of them are inside the
   * boundary; the audit record names them all when there is more than one. Empty: the processing set is unknown
   * (`processingRegions: []`, e.g. a Vertex global endpoint): a candidate only inside an unrestricted `global`
   * boundary.
   */
  processingRegionIds: readonly string[];
  /** Wire formats the upstream speaks as they are besides its provider's own (`openai-responses`); absent: none. */
  wireFormats?: readonly string[];
}

export type ProfileType = 'SYSTEM_DEFINED' | 'APPLICATION' | 'FOUNDATION_MODEL';

/** Which price tier a profile is billed at; discounts are configured per tier. */
export type PricingTier = 'in-region' | 'geographic' | 'global';

/**
 * Where a profile may send requests, before intersecting with the regions that deploy its model:
 * - `source-region`: only the caller's source region (a bare model id, like direct invocation);
 * - `geography`: the geography's regions plus the source region (as Bedrock does for callers outside it);
 * - `arn-region`: the region a foundation-model ARN names, callable from that source region only;
 * - `regions`: exactly these regions (an application profile copied from one region's foundation model).
 */
export type ProfileScope =
  | { kind: 'source-region' }
  /** A foundation-model ARN: the region it names, and only when called from that region (Bedrock refuses others). */
  | { kind: 'arn-region'; regionId: string }
  | { kind: 'geography'; geographyId: string }
  | { kind: 'regions'; regionIds: readonly string[] };

export interface InferenceProfile {
  id: string;
  name: string;
  description: string;
  type: ProfileType;
  modelId: string;
  scope: ProfileScope;
  pricingTier: PricingTier;
  /** Cost-allocation tags (application profiles). */
  tags: Readonly<Record<string, string>>;
  /** For application profiles: the id of the profile or model it was copied from. */
  copiedFrom?: string;
  createdAt: string;
  updatedAt: string;
}

export interface Catalog {
  regions: ReadonlyMap<string, Region>;
  geographies: ReadonlyMap<string, Geography>;
  models: ReadonlyMap<string, Model>;
  deployments: readonly Deployment[];
  deploymentsByModel: ReadonlyMap<string, readonly Deployment[]>;
  /** System-defined profiles (`<geo>.<model>`, `global.<model>`) and bare model ids, keyed by id. */
  systemProfiles: ReadonlyMap<string, InferenceProfile>;
}
