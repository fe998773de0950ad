/**
 * Sealing managed access keys' secrets at rest. SigV4 needs the secret itself to check a signature (a hash is not
 * enough), so it is encrypted with AES-256-GCM under an operator key that never enters the database:
 * `state.secretKeyEnv` (a variable) or `state.secretKeyFile` (a file), 32 bytes as 64 hex digits or base64. Each
 * secret gets a random 96-bit nonce; the access key id is the additional authenticated data, so a sealed secret
 * copied onto another key's row does not open. Format: `v1:<base64 nonce|tag|ciphertext>`.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { StateConfig } from '../config/config-schema.js';

export interface SecretBox {
  seal(plaintext: string, boundTo: string): string;
  /** Throws when the sealed text was not made by this key for `boundTo`. */
  open(sealed: string, boundTo: string): string;
}

const VERSION = 'v1:';

export function parseSecretKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error(`${source}: the secret key must be 32 bytes, as 64 hex digits or base64 (got ${key.length} bytes)`);
  return key;
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    seal(plaintext, boundTo) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, nonce);
      cipher.setAAD(Buffer.from(`georoute-access-key:${boundTo}`, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return VERSION + Buffer.concat([nonce, cipher.getAuthTag(), body]).toString('base64');
    },
    open(sealed, boundTo) {
      if (!sealed.startsWith(VERSION)) throw new Error('sealed secret: unknown format');
      const raw = Buffer.from(sealed.slice(VERSION.length), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAAD(Buffer.from(`georoute-access-key:${boundTo}`, 'utf8'));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** The configured box, or undefined when neither `secretKeyEnv` nor `secretKeyFile` is set (no managed access keys). */
export function secretBoxFromConfig(state: StateConfig, env: NodeJS.ProcessEnv): SecretBox | undefined {
  if (state.secretKeyEnv !== undefined) {
    const value = env[state.secretKeyEnv];
    if (!value) throw new Error(`state.secretKeyEnv names ${state.secretKeyEnv}, which is not set`);
    return createSecretBox(parseSecretKey(value, `state.secretKeyEnv (${state.secretKeyEnv})`));
  }
  if (state.secretKeyFile !== undefined) {
    return createSecretBox(parseSecretKey(readFileSync(state.secretKeyFile, 'utf8'), `state.secretKeyFile (${state.secretKeyFile})`));
  }
  return undefined;
}
