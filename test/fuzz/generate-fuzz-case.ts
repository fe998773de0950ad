/**
 * One fuzz case from (run seed, index): a request as exact bytes, plus what the generator knows about it (is it
 * still valid HTTP/1.1, is its body cut short, is it over the body limit). Kinds: valid and mutated chat bodies,
 * Bedrock-style paths, oversized and lying bodies, junk paths, methods and headers, and raw junk on the socket.
 */
import { capTokenLimits, FUZZ_MODEL_IDS, mutateText, mutateValue, validChatBody, validConverseBody } from './fuzz-chat-bodies.js';
import { SeededRandom } from './seeded-random.js';

export interface FuzzCase {
  index: number;
  kind: FuzzKind;
  method: string;
  /** The request-target exactly as sent. */
  target: string;
  pieces: Buffer[];
  halfClose: boolean;
  /** Not valid HTTP/1.1: Node's parser may answer a bare 400 (no body) or close the connection. */
  malformedHttp: boolean;
  /** The body is shorter than its Content-Length and the socket is half-closed: no answer is acceptable. */
  truncated: boolean;
  /** The status the gateway must answer, when the generator knows it (413 for an oversized body). */
  expectStatus?: number;
}

export type FuzzKind =
  | 'chat-valid'
  | 'chat-mutated'
  | 'chat-text-mutated'
  | 'bedrock-path'
  | 'oversized'
  | 'lying-length'
  | 'junk-path'
  | 'junk-headers'
  | 'raw-junk'
  | 'admin';

export interface FuzzLimits {
  maxBodyBytes: number;
  /**
   * Also generate requests that hit the known, reported bugs (bodies nested deeper than JSON.stringify can go;
   * token limits larger than any deployment's budget). On in `npm run fuzz`; off in the fixed-seed run of
   * `npm test`, where each known bug has its own test instead.
   */
  knownBugs: boolean;
}

const KINDS: ReadonlyArray<readonly [number, FuzzKind]> = [
  [3, 'chat-valid'],
  [6, 'chat-mutated'],
  [3, 'chat-text-mutated'],
  [4, 'bedrock-path'],
  [1, 'oversized'],
  [1, 'lying-length'],
  [3, 'junk-path'],
  [2, 'junk-headers'],
  [1, 'raw-junk'],
  [1, 'admin'],
];

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND', 'BREW', 'post', 'GET2'];
/** Methods Node's HTTP parser accepts; any other method gets its bare 400 before the gateway sees the request. */
const PARSER_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'PROPFIND']);

/** Not something Node's HTTP/1.1 parser lets through to a handler. */
function malformedRequestLine(method: string, target: string): boolean {
  return !PARSER_METHODS.has(method) || /[^\x21-\x7e]/.test(target) || target.length > 8_000;
}
const BEDROCK_OPERATIONS = ['converse', 'converse-stream', 'invoke', 'invoke-with-response-stream', 'count-tokens', 'converse/', 'nope', ''];
const MODEL_SEGMENTS = [
  'amazon.nova-2-lite-v1%3A0',
  'amazon.nova-2-lite-v1:0',
  'eu.amazon.nova-2-lite-v1%3A0',
  'global.amazon.nova-2-lite-v1:0',
  'arn%3Aaws%3Abedrock%3Aeu-central-1%3A123456789012%3Ainference-profile%2Feu.amazon.nova-2-lite-v1%3A0',
  'arn:aws:bedrock:eu-central-1::foundation-model/amazon.nova-2-lite-v1:0',
  '%',
  '%zz',
  '%00',
  '%C0%AF',
  '%E2%80%AE',
  '..%2F..%2Fv1%2Fmodels',
  '',
  'x'.repeat(300),
];
const JUNK_PATHS = [
  '/', '/v1', '/v1/', '/v1/chat/completions/', '/v1/chat/completions/../models', '/v1//chat/completions', '/V1/CHAT/COMPLETIONS',
  '/v1/chat%2Fcompletions', '/v1/models/', '/v1/models/eu.amazon.nova-2-lite-v1:0', '/v1/completions', '/v1/embeddings',
  '/model', '/model/', '/model//converse', '/inference-profiles', '/inference-profiles/', '/inference-profiles/%', '/inference-profiles/eu.amazon.nova-2-lite-v1%3A0',
  '/inference-profiles/x/y', '/healthz/', '/metrics', '/admin', '/admin/explain', '/%', '/%%%', '/%ff%fe', '/\u00e9', '*', 'http://127.0.0.1/v1/models',
  '/v1/chat/completions?x=%', '/v1/models?' + '&'.repeat(50), '/model/%/converse', '/foundation-models', '/.env', '/../../etc/passwd',
];

export function generateFuzzCase(runSeed: number, index: number, limits: FuzzLimits): FuzzCase {
  const random = SeededRandom.forCase(runSeed, index);
  const kind = random.weighted(KINDS);
  switch (kind) {
    case 'chat-valid':
      return jsonCase(random, index, kind, 'POST', '/v1/chat/completions', Buffer.from(JSON.stringify(validChatBody(random))));
    case 'chat-mutated': {
      const body = validChatBody(random);
      mutateValue(random, body);
      if (!limits.knownBugs) capTokenLimits(body);
      return jsonCase(random, index, kind, 'POST', '/v1/chat/completions', Buffer.from(JSON.stringify(body)));
    }
    case 'chat-text-mutated':
      return jsonCase(random, index, kind, 'POST', '/v1/chat/completions', mutateText(random, JSON.stringify(validChatBody(random)), limits.knownBugs));
    case 'bedrock-path':
      return bedrockCase(random, index, limits);
    case 'oversized':
      return oversizedCase(random, index, limits);
    case 'lying-length':
      return lyingLengthCase(random, index);
    case 'junk-path':
      return junkPathCase(random, index);
    case 'junk-headers':
      return junkHeadersCase(random, index);
    case 'raw-junk':
      return rawJunkCase(random, index);
    case 'admin':
      return adminCase(random, index);
  }
}

function requestHead(method: string, target: string, headers: ReadonlyArray<readonly [string, string]>): Buffer {
  const lines = [`${method} ${target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close', ...headers.map(([name, value]) => `${name}: ${value}`)];
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
}

function baseHeaders(random: SeededRandom, body: Buffer): Array<[string, string]> {
  const headers: Array<[string, string]> = [['Content-Type', 'application/json'], ['Content-Length', String(body.length)]];
  if (random.chance(0.5)) headers.push(['x-georoute-source-region', random.pick(['eu-central-1', 'eu-west-2', 'us-east-1', 'eu-west-9', '', 'EU-CENTRAL-1', '*', 'eu-central-1, us-east-1'])]);
  return headers;
}

function jsonCase(random: SeededRandom, index: number, kind: FuzzKind, method: string, target: string, body: Buffer): FuzzCase {
  const headers = baseHeaders(random, body);
  return { index, kind, method, target, pieces: [requestHead(method, target, headers), body], halfClose: false, malformedHttp: malformedRequestLine(method, target), truncated: false };
}

function bedrockCase(random: SeededRandom, index: number, limits: FuzzLimits): FuzzCase {
  const operation = random.pick(BEDROCK_OPERATIONS);
  const target = `/model/${random.pick(MODEL_SEGMENTS)}${operation === '' ? '' : `/${operation}`}`;
  const body = validConverseBody(random);
  let bytes: Buffer;
  if (random.chance(0.5)) {
    mutateValue(random, body);
    if (!limits.knownBugs) capTokenLimits(body);
    bytes = Buffer.from(JSON.stringify(body));
  } else {
    bytes = random.chance(0.3) ? mutateText(random, JSON.stringify(body), limits.knownBugs) : Buffer.from(JSON.stringify(body));
  }
  const method = random.chance(0.85) ? 'POST' : random.pick(METHODS);
  return jsonCase(random, index, 'bedrock-path', method, target, bytes);
}

function oversizedCase(random: SeededRandom, index: number, limits: FuzzLimits): FuzzCase {
  const target = random.pick(['/v1/chat/completions', '/model/amazon.nova-2-lite-v1%3A0/converse', '/inference-profiles']);
  const filler = 'y'.repeat(limits.maxBodyBytes + random.int(1, 4_096));
  const body = Buffer.from(JSON.stringify({ model: `eu.${'amazon.nova-2-lite-v1:0'}`, messages: [{ role: 'user', content: filler }] }));
  if (random.chance(0.5)) {
    return { index, kind: 'oversized', method: 'POST', target, pieces: [requestHead('POST', target, [['Content-Type', 'application/json'], ['Content-Length', String(body.length)]]), body], halfClose: false, malformedHttp: false, truncated: false, expectStatus: 413 };
  }
  // Chunked: no length announced up front; the limit has to be enforced while reading.
  const pieces = [requestHead('POST', target, [['Content-Type', 'application/json'], ['Transfer-Encoding', 'chunked']])];
  for (let offset = 0; offset < body.length; offset += 16_384) {
    const part = body.subarray(offset, offset + 16_384);
    pieces.push(Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n'));
  }
  pieces.push(Buffer.from('0\r\n\r\n'));
  return { index, kind: 'oversized', method: 'POST', target, pieces, halfClose: false, malformedHttp: false, truncated: false, expectStatus: 413 };
}

function lyingLengthCase(random: SeededRandom, index: number): FuzzCase {
  const target = random.pick(['/v1/chat/completions', '/model/amazon.nova-2-lite-v1%3A0/converse']);
  const body = Buffer.from(JSON.stringify(target.startsWith('/v1') ? validChatBody(random) : validConverseBody(random)));
  if (random.chance(0.6)) {
    // Announce more than is sent, then close our side: the body is cut short.
    const sent = body.subarray(0, random.int(0, body.length - 1));
    const head = requestHead('POST', target, [['Content-Type', 'application/json'], ['Content-Length', String(body.length + random.int(1, 500))]]);
    return { index, kind: 'lying-length', method: 'POST', target, pieces: [head, sent], halfClose: true, malformedHttp: false, truncated: true };
  }
  // Announce less than is sent: the gateway reads a truncated body and the rest arrives as a second, junk request
  // on the same connection, which Node's parser answers with a bare 400 and a closed connection (possibly before
  // the gateway answered the first): malformed HTTP as far as the connection goes.
  const announced = random.int(0, body.length - 1);
  const head = requestHead('POST', target, [['Content-Type', 'application/json'], ['Content-Length', String(announced)]]);
  return { index, kind: 'lying-length', method: 'POST', target, pieces: [head, body], halfClose: false, malformedHttp: true, truncated: false };
}

function junkPathCase(random: SeededRandom, index: number): FuzzCase {
  const method = random.pick(METHODS);
  let target = random.pick(JUNK_PATHS);
  if (random.chance(0.3)) target += `?${random.pick(['profile=%', 'a=b&a=c', 'x=' + 'z'.repeat(500), '%%=%%', 'source=eu-central-1&profile=eu.amazon.nova-2-lite-v1:0'])}`;
  if (random.chance(0.1)) target = `/${'a/'.repeat(random.int(100, 2_000))}`;
  const body = random.chance(0.5) ? Buffer.from(JSON.stringify(validChatBody(random))) : Buffer.alloc(0);
  const headers: Array<[string, string]> = body.length > 0 ? [['Content-Type', 'application/json'], ['Content-Length', String(body.length)]] : [];
  const malformedHttp = malformedRequestLine(method, target);
  return { index, kind: 'junk-path', method, target, pieces: [requestHead(method, target, headers), body], halfClose: false, malformedHttp, truncated: false };
}

function junkHeadersCase(random: SeededRandom, index: number): FuzzCase {
  const body = Buffer.from(JSON.stringify(validChatBody(random)));
  const target = random.chance(0.7) ? '/v1/chat/completions' : '/model/amazon.nova-2-lite-v1%3A0/converse';
  const headers = baseHeaders(random, body);
  let malformedHttp = false;
  const variant = random.weighted([
    [3, 'content-type'],
    [2, 'request-id'],
    [2, 'auth'],
    [1, 'expect'],
    [1, 'te-and-cl'],
    [1, 'double-cl'],
    [1, 'bad-name'],
    [1, 'huge-value'],
    [1, 'many'],
    [1, 'encoding'],
  ] as const);
  switch (variant) {
    case 'content-type':
      headers[0] = ['Content-Type', random.pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '', 'application/json; charset=utf-16', 'application/cbor'])];
      break;
    case 'request-id':
      headers.push(['x-request-id', random.pick(['', 'a'.repeat(200), 'ünïcödé', '../../x', 'id with spaces', '\t', '1;DROP TABLE'])]);
      break;
    case 'auth':
      headers.push([random.pick(['Authorization', 'x-api-key']), random.pick(['Bearer', 'Bearer ', 'Bearer x', 'AWS4-HMAC-SHA256 Credential=', 'AWS4-HMAC-SHA256 Credential=AKIA/20250101/eu-central-1/bedrock/aws4_request, SignedHeaders=host, Signature=00', 'Basic Zm9vOmJhcg==', 'x'.repeat(2_000)])]);
      break;
    case 'expect': {
      const expectation = random.pick(['100-continue', 'nonsense']);
      headers.push(['Expect', expectation]);
      // Node answers an unknown expectation with a bare 417 itself (the listener has no 'checkExpectation' handler).
      malformedHttp = expectation !== '100-continue';
      break;
    }
    case 'te-and-cl':
      headers.push(['Transfer-Encoding', 'chunked']);
      malformedHttp = true;
      break;
    case 'double-cl':
      headers.push(['Content-Length', String(body.length + 3)]);
      malformedHttp = true;
      break;
    case 'bad-name':
      headers.push([random.pick(['Bad Header', 'x-ü', 'x:y', '']), 'v']);
      malformedHttp = true;
      break;
    case 'huge-value':
      headers.push(['x-filler', 'h'.repeat(random.int(17_000, 40_000))]);
      malformedHttp = true;
      break;
    case 'many':
      for (let i = 0; i < random.int(100, 300); i += 1) headers.push([`x-h${i}`, String(i)]);
      break;
    case 'encoding':
      headers.push(['Content-Encoding', random.pick(['gzip', 'br', 'identity', 'deflate, gzip'])]);
      break;
  }
  return { index, kind: 'junk-headers', method: 'POST', target, pieces: [requestHead('POST', target, headers), body], halfClose: false, malformedHttp, truncated: false };
}

function rawJunkCase(random: SeededRandom, index: number): FuzzCase {
  const variant = random.pick(['bytes', 'h2-preface', 'request-line', 'http10', 'no-host'] as const);
  let pieces: Buffer[];
  switch (variant) {
    case 'bytes':
      pieces = [random.bytes(random.int(1, 2_000))];
      break;
    case 'h2-preface':
      pieces = [Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), random.bytes(random.int(0, 300))];
      break;
    case 'request-line':
      pieces = [Buffer.from(`${random.string(random.int(1, 80))}\r\n\r\n`, 'latin1')];
      break;
    case 'http10':
      pieces = [Buffer.from('GET /v1/models HTTP/1.0\r\n\r\n')];
      return { index, kind: 'raw-junk', method: 'GET', target: '/v1/models', pieces, halfClose: false, malformedHttp: false, truncated: false };
    case 'no-host':
      pieces = [Buffer.from('GET /healthz HTTP/1.1\r\nConnection: close\r\n\r\n')];
      break;
  }
  return { index, kind: 'raw-junk', method: '?', target: variant, pieces, halfClose: true, malformedHttp: true, truncated: false };
}

function adminCase(random: SeededRandom, index: number): FuzzCase {
  const profile = random.pick([...FUZZ_MODEL_IDS, '%', '%zz', 'a'.repeat(3_000)]);
  const source = random.pick(['eu-central-1', 'us-east-1', 'eu-west-9', '', '%00']);
  const target = random.pick([
    `/admin/explain?profile=${encodeURIComponent(profile)}&source=${encodeURIComponent(source)}`,
    `/admin/explain?profile=${profile}`,
    '/admin/explain',
    '/admin/explain?source=eu-central-1',
    '/healthz',
    '/metrics',
    `/v1/models?${random.string(10)}`,
  ]);
  const malformedHttp = /[^\x21-\x7e]/.test(target);
  return { index, kind: 'admin', method: 'GET', target, pieces: [requestHead('GET', target, [])], halfClose: false, malformedHttp, truncated: false };
}
