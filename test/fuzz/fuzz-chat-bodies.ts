/**
 * Bodies for the fuzzer: valid-looking chat requests (OpenAI and Converse shapes), and mutations of them at the
 * value level (deleted fields, wrong types, huge or strange strings, deep nesting, extreme numbers) and at the
 * text level (truncated JSON, stray bytes, invalid UTF-8, lone surrogates, a BOM, trailing garbage).
 */
import type { SeededRandom } from './seeded-random.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const MODEL = 'amazon.nova-2-lite-v1:0';
export const FUZZ_MODEL_IDS = [MODEL, `eu.${MODEL}`, `europe.${MODEL}`, `global.${MODEL}`, `us.${MODEL}`, 'eu.no-such-model', 'gpt-4o', '', ' ', 'eu.', '.', `EU.${MODEL}`, `arn:aws:bedrock:eu-central-1::foundation-model/${MODEL}`];

const STRANGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\u200b\u200d\ufeff',
  '\u202eevil\u202c',
  '🦄'.repeat(50),
  'Z̴̡̢̛̖̗͇͈͉̟̳̭̟a̸̛̬̖l̷̢̛̪g̵̘͚o̴̖̍',
  '\ud800',
  '\udfff\ud800',
  '<script>alert(1)</script>',
  '%s%s%n',
  '../../etc/passwd',
  '${jndi:ldap://x}',
  '__proto__',
  'constructor',
  '\r\n\r\nHTTP/1.1 200 OK',
  'data: [DONE]\n\n',
];

const ROLES = ['user', 'assistant', 'system', 'developer', 'tool', 'function', 'admin', ''];

export function validChatBody(random: SeededRandom): { [key: string]: Json } {
  const body: { [key: string]: Json } = {
    model: random.chance(0.8) ? random.pick(FUZZ_MODEL_IDS.slice(0, 5)) : random.pick(FUZZ_MODEL_IDS),
    messages: Array.from({ length: random.int(1, 3) }, (_, i) => ({ role: i === 0 ? 'user' : random.pick(['user', 'assistant']), content: random.string(random.int(1, 40)) })),
  };
  if (random.chance(0.7)) body.max_tokens = random.int(1, 16);
  if (random.chance(0.3)) body.stream = true;
  if (random.chance(0.2)) body.temperature = random.next() * 2;
  if (random.chance(0.1)) body.stream_options = { include_usage: random.chance(0.5) };
  if (random.chance(0.1)) body.tools = [{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }];
  if (random.chance(0.1)) body.messages = [{ role: 'user', content: [{ type: 'text', text: 'parts' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] }];
  return body;
}

export function validConverseBody(random: SeededRandom): { [key: string]: Json } {
  const body: { [key: string]: Json } = {
    messages: [{ role: 'user', content: [{ text: random.string(random.int(1, 30)) }] }],
  };
  if (random.chance(0.6)) body.inferenceConfig = { maxTokens: random.int(1, 16) };
  if (random.chance(0.2)) body.system = [{ text: 'be brief' }];
  return body;
}

function randomScalar(random: SeededRandom): Json {
  return random.weighted<Json>([
    [2, null],
    [2, random.chance(0.5)],
    [2, random.pick([0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e-308, Number.MAX_SAFE_INTEGER])],
    [3, random.pick(STRANGE_STRINGS)],
    [1, random.string(random.int(0, 20))],
  ]);
}

function deepNest(random: SeededRandom, depth: number): Json {
  let value: Json = random.chance(0.5) ? 'bottom' : [];
  const asObject = random.chance(0.5);
  for (let i = 0; i < depth; i += 1) value = asObject ? { a: value } : [value];
  return value;
}

/** A replacement value for a mutated field. */
function mutantValue(random: SeededRandom): Json {
  return random.weighted<Json>([
    [4, randomScalar(random)],
    [2, []],
    [2, {}],
    [1, [randomScalar(random), randomScalar(random)]],
    [1, 'x'.repeat(random.int(1_000, 40_000))],
    [1, random.pick(STRANGE_STRINGS).repeat(random.int(1, 200))],
    [1, deepNest(random, random.int(10, 1_000))],
  ]);
}

interface Slot {
  parent: Json[] | { [key: string]: Json };
  key: string | number;
}

/** Every field and element down to `depth` levels (deeper nests, made by earlier mutations, are left whole). */
function collectSlots(value: Json, into: Slot[], depth = 0): void {
  if (depth > 20) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      into.push({ parent: value, key: i });
      collectSlots(item, into, depth + 1);
    });
  } else if (value !== null && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      into.push({ parent: value, key });
      collectSlots(value[key], into, depth + 1);
    }
  }
}

/** Token limits no deployment's tokens-per-minute budget can hold (a known bug when sent: see capTokenLimits). */
const TOKEN_LIMIT_FIELDS = ['max_tokens', 'max_completion_tokens'];

/** Keeps token limits to sizes a deployment can take, so a run does not trip over the known huge-max_tokens bug. */
export function capTokenLimits(body: { [key: string]: Json }): void {
  for (const field of TOKEN_LIMIT_FIELDS) {
    const value = body[field];
    if (typeof value === 'number' && value > 100_000) body[field] = 16;
  }
  const config = body.inferenceConfig;
  if (config !== null && typeof config === 'object' && !Array.isArray(config) && typeof config.maxTokens === 'number' && config.maxTokens > 100_000) config.maxTokens = 16;
}

/** Applies 1 to `max` value-level mutations in place. */
export function mutateValue(random: SeededRandom, body: { [key: string]: Json }, max = 4): void {
  const count = random.int(1, max);
  for (let m = 0; m < count; m += 1) {
    const slots: Slot[] = [];
    collectSlots(body, slots);
    const slot = slots.length > 0 ? random.pick(slots) : undefined;
    const op = random.weighted([[3, 'delete'], [5, 'replace'], [2, 'add-key'], [1, 'proto']] as const);
    if (!slot || op === 'add-key') {
      const key = random.pick(['extra', 'metadata', 'n', 'logprobs', 'user', 'response_format', 'seed', 'stop', random.string(random.int(1, 12))]);
      body[key] = mutantValue(random);
    } else if (op === 'delete') {
      if (Array.isArray(slot.parent)) slot.parent.splice(Number(slot.key), 1);
      else delete slot.parent[String(slot.key)];
    } else if (op === 'proto') {
      // JSON.parse gives "__proto__" an own property; the gateway must treat it as data.
      Object.defineProperty(body, '__proto__', { value: { polluted: true, stream: true }, enumerable: true, configurable: true, writable: true });
    } else if (Array.isArray(slot.parent)) {
      slot.parent[Number(slot.key)] = mutantValue(random);
    } else {
      slot.parent[String(slot.key)] = mutantValue(random);
    }
  }
  if (random.chance(0.1)) body.messages = [{ role: random.pick(ROLES), content: mutantValue(random) }];
}

/** Text-level damage to a serialized body. */
export function mutateText(random: SeededRandom, text: string, knownBugs: boolean): Buffer {
  const op = random.weighted([
    [3, 'truncate'],
    [2, 'stray-byte'],
    [1, 'invalid-utf8'],
    [1, 'lone-surrogate-escape'],
    [1, 'bom'],
    [1, 'trailing-garbage'],
    [1, 'duplicate-key'],
    [1, 'whitespace-flood'],
    [1, 'non-object'],
    [knownBugs ? 1 : 0, 'deep-nest'],
  ] as const);
  const bytes = Buffer.from(text, 'utf8');
  switch (op) {
    case 'truncate':
      return bytes.subarray(0, random.int(0, Math.max(0, bytes.length - 1)));
    case 'stray-byte': {
      const at = random.int(0, bytes.length);
      return Buffer.concat([bytes.subarray(0, at), random.bytes(random.int(1, 4)), bytes.subarray(at)]);
    }
    case 'invalid-utf8': {
      const copy = Buffer.from(bytes);
      const at = copy.indexOf('"content":"');
      const from = at >= 0 ? at + 11 : 0;
      copy.fill(0xff, Math.min(from, copy.length), Math.min(from + 2, copy.length));
      return copy;
    }
    case 'lone-surrogate-escape':
      return Buffer.from(text.replace(/"content":"/, '"content":"\\ud800\\udc00\\udbff'), 'utf8');
    case 'bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]);
    case 'trailing-garbage':
      return Buffer.concat([bytes, Buffer.from(random.pick(['}', ']', ',', 'null', '{"a":1}', '\u0000']))]);
    case 'duplicate-key':
      return Buffer.from(text.replace(/^\{/, `{"model":${JSON.stringify(random.pick(FUZZ_MODEL_IDS))},"stream":${random.chance(0.5)},`), 'utf8');
    case 'whitespace-flood':
      return Buffer.from(text.replace(/,/g, `,${' '.repeat(random.int(1, 200))}`), 'utf8');
    case 'deep-nest': {
      // Nesting deep enough that JSON.stringify overflows the stack when the gateway re-serializes the body.
      const depth = random.int(5_000, 20_000);
      return Buffer.from(text.replace(/^\{/, `{"${random.pick(['extra', 'response_format', 'metadata_x'])}":${'['.repeat(depth)}${']'.repeat(depth)},`), 'utf8');
    }
    case 'non-object':
      return Buffer.from(random.pick(['[]', '[{}]', '0', '-1', '"text"', 'null', 'true', '1e999', '{}', '{"model":null}', ' ']), 'utf8');
  }
}
