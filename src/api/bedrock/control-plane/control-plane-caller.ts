/**
 * The authenticate stage of a control-plane request, and the two things it decides: the caller's source region
 * (the SigV4 credential-scope region; else the `x-georoute-source-region` header, the identity's default region,
 * the server's default) and whether the caller may change profiles (admin identities; everyone with `auth: none`).
 */
import type { Identity } from '../../../auth/identity.js';
import { GeorouteError } from '../../../errors/error-catalog.js';
import type { GatewayContext } from '../../../gateway/gateway-context.js';
import { resolveSourceRegion, SOURCE_REGION_HEADER } from '../../../pipeline/resolve-source-region.js';
import { headerValue, type HttpExchange } from '../../../server/http-exchange.js';
import { authenticateExchange } from '../../authenticate-exchange.js';

export interface ControlPlaneCaller {
  identity: Identity;
  sourceRegionId: string;
}

export function authenticateControlPlaneCaller(gateway: GatewayContext, exchange: HttpExchange, body: Uint8Array = new Uint8Array()): ControlPlaneCaller {
  const { identity, signingRegion } = authenticateExchange(gateway, exchange, body);
  const { catalog, config } = gateway.loaded;
  const requested = signingRegion ?? headerValue(exchange.request, SOURCE_REGION_HEADER);
  return { identity, sourceRegionId: resolveSourceRegion(catalog, requested, identity, config.server.defaultSourceRegion) };
}

export function requireProfileAdmin(caller: ControlPlaneCaller, operation: string): void {
  if (!caller.identity.admin) {
    throw new GeorouteError('access_denied', `${operation} needs an identity with admin: true; "${caller.identity.id}" is not one.`);
  }
}

/** A JSON response in the Bedrock control plane's shape, with its request id header. */
export function sendControlPlaneJson(exchange: HttpExchange, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  exchange.response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-amzn-requestid': exchange.requestId,
  });
  exchange.response.end(body);
}
