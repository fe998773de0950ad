/** `x-georoute-session-id`: the opaque id a client sends to ask for session affinity (both API surfaces). */
import { GeorouteError } from '../errors/error-catalog.js';

export const SESSION_ID_HEADER = 'x-georoute-session-id';

const SESSION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The session id, undefined without the header; an invalid one is a 400 `invalid_request` naming the header. */
export function parseSessionIdHeader(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!SESSION_ID.test(value)) {
    throw new GeorouteError('invalid_request', `The ${SESSION_ID_HEADER} header must be 1 to 128 characters of A-Z a-z 0-9 . _ : -.`, {
      param: SESSION_ID_HEADER,
    });
  }
  return value;
}
