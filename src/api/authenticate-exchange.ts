/** The authenticate stage for any surface: credentials from the exchange (and its body, which SigV4 covers). */
import type { AuthResult } from '../auth/authenticator.js';
import type { GatewayContext } from '../gateway/gateway-context.js';
import type { HttpExchange } from '../server/http-exchange.js';

export function authenticateExchange(gateway: GatewayContext, exchange: HttpExchange, body: Uint8Array): AuthResult {
  return gateway.authenticator.authenticate({
    method: exchange.request.method ?? 'GET',
    rawPath: exchange.rawPath,
    headers: exchange.request.headers,
    body,
  });
}
