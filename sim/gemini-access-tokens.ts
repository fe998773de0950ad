/**
 * The simulator's Google OAuth 2.0 token endpoint (`POST /oauth2/token`, the JWT-bearer grant a service account
 * uses) and the check of the bearer tokens it issued, so the Vertex AI Gemini wire is tested with real
 * google-auth-library clients and nothing reaches Google. The assertion must be a well-formed RS256 JWT whose
 * `scope` includes cloud-platform; with `googleServiceAccountKeys` its signature is verified against the issuer's
 * public key. Tokens are self-verifying (an HMAC of their expiry under a per-process secret), valid for
 * `googleTokenLifetimeSeconds`.
 */
import { createHmac, createVerify, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readRequestBody, writeJson } from './sim-http-io.js';

const SECRET = randomBytes(32);
const GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface GoogleTokenOptions {
  lifetimeSeconds: number;
  /** client_email -> PEM public key; when set, only these issuers, with valid signatures, get tokens. */
  serviceAccountKeys?: Readonly<Record<string, string>>;
  onIssued(): void;
}

function sign(expiresAt: number): string {
  return createHmac('sha256', SECRET).update(String(expiresAt)).digest('hex');
}

export function issueGoogleToken(lifetimeSeconds: number, now = Date.now()): string {
  const expiresAt = now + lifetimeSeconds * 1000;
  return `ya29.sim.${expiresAt}.${sign(expiresAt)}`;
}

/** Whether `authorization` carries a token this simulator issued and that has not expired. */
export function isValidGoogleBearer(authorization: string | undefined, now = Date.now()): boolean {
  const match = /^Bearer ya29\.sim\.(\d+)\.([0-9a-f]{64})$/.exec(authorization ?? '');
  if (match === null) return false;
  const expected = Buffer.from(sign(Number(match[1])), 'hex');
  return timingSafeEqual(expected, Buffer.from(match[2], 'hex')) && Number(match[1]) > now;
}

function decodeSegment(segment: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function assertionProblem(assertion: string, keys: GoogleTokenOptions['serviceAccountKeys']): string | undefined {
  const [head, body, signature] = assertion.split('.');
  const header = decodeSegment(head);
  const claims = decodeSegment(body);
  if (header?.alg !== 'RS256' || claims === undefined || signature === undefined) return 'the assertion is not an RS256 JWT';
  if (typeof claims.iss !== 'string' || typeof claims.exp !== 'number' || typeof claims.iat !== 'number') return 'the assertion lacks iss, iat or exp';
  if (typeof claims.scope !== 'string' || !claims.scope.split(' ').includes('https://www.googleapis.com/auth/cloud-platform')) return 'the assertion does not ask for the cloud-platform scope';
  if (keys === undefined) return undefined;
  const key = keys[claims.iss];
  if (key === undefined) return `unknown service account ${claims.iss}`;
  const verified = createVerify('RSA-SHA256').update(`${head}.${body}`).verify(key, Buffer.from(signature, 'base64url'));
  return verified ? undefined : 'invalid JWT signature';
}

export async function handleGoogleTokenRequest(req: IncomingMessage, res: ServerResponse, options: GoogleTokenOptions): Promise<void> {
  const form = new URLSearchParams((await readRequestBody(req)).toString('utf8'));
  if (form.get('grant_type') !== GRANT) {
    writeJson(res, 400, { error: 'unsupported_grant_type', error_description: `grant_type must be ${GRANT}` });
    return;
  }
  const problem = assertionProblem(form.get('assertion') ?? '', options.serviceAccountKeys);
  if (problem !== undefined) {
    writeJson(res, 400, { error: 'invalid_grant', error_description: problem });
    return;
  }
  options.onIssued();
  writeJson(res, 200, { access_token: issueGoogleToken(options.lifetimeSeconds), expires_in: options.lifetimeSeconds, token_type: 'Bearer' });
}
