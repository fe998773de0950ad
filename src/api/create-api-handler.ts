/**
 * The gateway's request handler: finds the route, runs it, and turns any thrown error into the wire format of the
 * route's surface — the one place errors become responses. Unknown paths answer in the format their prefix
 * suggests (Bedrock for /model/ and /inference-profiles, OpenAI otherwise).
 */
import { GeorouteError, toGeorouteError } from '../errors/error-catalog.js';
import type { GatewayContext } from '../gateway/gateway-context.js';
import type { HttpExchange, HttpHandler, OutboundResponse } from '../server/http-exchange.js';
import type { ApiRoute, ApiSurface } from './api-route.js';
import { sendOpenAiError } from '../surfaces/openai-chat/send-openai-error.js';

/** Writes an error in one surface's wire format; `requestId` goes into the surface's request-id header. */
export type ErrorResponder = (response: OutboundResponse, requestId: string, error: GeorouteError) => void;

export interface ApiSurfaceDefinition {
  routes: readonly ApiRoute[];
  errorResponders: Partial<Record<ApiSurface, ErrorResponder>>;
  /** Which surface answers for a path no route matched. */
  surfaceForUnknownPath?: (path: string) => ApiSurface | undefined;
}

const openAiResponder: ErrorResponder = (response, requestId, error) => sendOpenAiError(response, error, { 'x-request-id': requestId });

interface SurfaceErrors {
  surfaceFor(path: string): ApiSurface;
  respond(surface: ApiSurface, response: OutboundResponse, requestId: string, error: GeorouteError): void;
}

function surfaceErrors(surfaces: readonly ApiSurfaceDefinition[]): SurfaceErrors {
  const responders: Partial<Record<ApiSurface, ErrorResponder>> = Object.assign({ openai: openAiResponder, admin: openAiResponder }, ...surfaces.map((s) => s.errorResponders));
  return {
    surfaceFor(path) {
      for (const s of surfaces) {
        const found = s.surfaceForUnknownPath?.(path);
        if (found) return found;
      }
      return 'openai';
    },
    respond: (surface, response, requestId, error) => (responders[surface] ?? openAiResponder)(response, requestId, error),
  };
}

/** For requests the HTTP parser rejected: the error in the wire format of the surface their path points at. */
export function createMalformedRequestResponder(surfaces: readonly ApiSurfaceDefinition[]) {
  const errors = surfaceErrors(surfaces);
  return (path: string | undefined, response: OutboundResponse, requestId: string, error: GeorouteError): void =>
    errors.respond(errors.surfaceFor(path ?? '/'), response, requestId, error);
}

export function createApiHandler(gateway: GatewayContext, surfaces: readonly ApiSurfaceDefinition[]): HttpHandler {
  const routes = surfaces.flatMap((s) => s.routes);
  const errors = surfaceErrors(surfaces);
  const respond = (surface: ApiSurface, exchange: HttpExchange, error: GeorouteError) => errors.respond(surface, exchange.response, exchange.requestId, error);
  const surfaceFor = errors.surfaceFor;

  return async (exchange) => {
    const method = exchange.request.method ?? 'GET';
    let matchedPath = false;
    for (const route of routes) {
      const match = route.pattern.exec(exchange.path);
      if (!match || (route.accepts !== undefined && !route.accepts(exchange))) continue;
      matchedPath = true;
      if (route.method !== method) continue;
      try {
        await route.handle(gateway, exchange, match.groups ?? {});
      } catch (thrown) {
        const error = toGeorouteError(thrown);
        if (error.code === 'internal') gateway.logger.error({ err: thrown, requestId: exchange.requestId, path: exchange.path }, 'request failed');
        if (error.code === 'client_closed' || exchange.response.headersSent) exchange.response.destroy();
        else respond(route.surface, exchange, error);
      }
      return;
    }
    const surface = surfaceFor(exchange.path);
    const error = matchedPath
      ? new GeorouteError('method_not_allowed', `Method ${method} is not allowed on ${exchange.path}.`)
      : new GeorouteError('route_not_found', `No route for ${method} ${exchange.path}.`);
    exchange.request.resume();
    respond(surface, exchange, error);
  };
}
