/**
 * New key material from the operating system's CSPRNG: key ids, bearer API keys (`grk_` + 43 base64url
 * characters, 256 bits), and SigV4 access key pairs in AWS's shapes (`GRAK` + 16 upper-case characters; a
 * 40-character secret), so unmodified SDKs accept them.
 */
import { randomBytes } from 'node:crypto';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function fromAlphabet(alphabet: string, length: number): string {
  // 256 is a multiple of 32, so `byte % 32` is uniform.
  return [...randomBytes(length)].map((b) => alphabet[b % alphabet.length]).join('');
}

export const API_KEY_PREFIX = 'grk_';

export function newKeyId(): string {
  return `key_${fromAlphabet('abcdefghijklmnopqrstuvwxyz234567', 16)}`;
}

export function newApiKeySecret(): string {
  return `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function newAccessKeyId(): string {
  return `GRAK${fromAlphabet(UPPER, 16)}`;
}

export function newSecretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** What a listing shows of an API key: its prefix and first characters. */
export function apiKeyHint(secret: string): string {
  return `${secret.slice(0, API_KEY_PREFIX.length + 4)}…`;
}
