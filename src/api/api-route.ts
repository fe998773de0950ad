/** A route of the gateway's HTTP API: which surface's wire format its errors use, and its handler. */
import type { GatewayContext } from '../gateway/gateway-context.js';
import type { HttpExchange } from '../server/http-exchange.js';

export type ApiSurface = 'openai' | 'bedrock' | 'anthropic' | 'admin';

export interface ApiRoute {
  method: string;
  /** Matched against the raw (percent-encoded) path; named groups become params. */
  pattern: RegExp;
  surface: ApiSurface;
  /**
   * For a path two surfaces share (`GET /v1/models`, OpenAI's and Anthropic's): the requests this route serves; any
   * other goes on to the next route that matches.
   */
  accepts?(exchange: HttpExchange): boolean;
  handle(gateway: GatewayContext, exchange: HttpExchange, params: Readonly<Record<string, string>>): Promise<void>;
}
