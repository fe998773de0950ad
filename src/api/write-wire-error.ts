/** Writes an error a surface rendered (`InboundSurface.renderError`); after headers were sent, only a reset is left. */
import type { WireErrorResponse } from '../inference/inbound-surface-contract.js';
import type { OutboundResponse } from '../server/http-exchange.js';

export function writeWireError(response: OutboundResponse, rendered: WireErrorResponse, headers: Record<string, string> = {}): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(rendered.status, { ...headers, ...rendered.headers, 'content-length': String(Buffer.byteLength(rendered.body)) });
  response.end(rendered.body);
}
