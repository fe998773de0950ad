/**
 * Signs every outbound Bedrock request with SigV4 (`@smithy/signature-v4`, service `bedrock`, the deployment's
 * region). The path is signed exactly as it is sent; the signer encodes it once more for the canonical request,
 * as Bedrock expects. `host` and `content-type` are signed; undici adds `content-length`, which is not.
 */
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialProvider } from './resolve-bedrock-credentials.js';

/** SHA-256 in the shape the signer wants (`new (secret?) => Checksum`). */
class Sha256 extends Hash {
  constructor(secret?: ConstructorParameters<typeof Hash>[1]) {
    super('sha256', secret);
  }
}

export interface UnsignedBedrockRequest {
  url: URL;
  /** Path as sent (model id already percent-encoded). */
  path: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

export class BedrockRequestSigner {
  private readonly signer: SignatureV4;

  constructor(regionId: string, credentials: AwsCredentialProvider) {
    this.signer = new SignatureV4({ service: 'bedrock', region: regionId, credentials, sha256: Sha256 });
  }

  /** The headers to send: the given ones plus `host`, `x-amz-date`, `authorization` (and the session token). */
  async sign(request: UnsignedBedrockRequest): Promise<Record<string, string>> {
    const signed = await this.signer.sign({
      method: 'POST',
      protocol: request.url.protocol,
      hostname: request.url.hostname,
      port: request.url.port === '' ? undefined : Number(request.url.port),
      path: request.path,
      query: {},
      headers: { ...request.headers, host: request.url.host },
      body: request.body,
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = String(value);
    return headers;
  }
}
