/**
 * Deterministic output text: a seeded PRNG over the request's text content picks plain words from a fixed
 * vocabulary, so the same request always gets the same answer. One word is one token.
 */

const vocabulary = [
  'the', 'a', 'region', 'model', 'river', 'mountain', 'quiet', 'bright', 'data', 'stays', 'within', 'its',
  'border', 'while', 'answers', 'travel', 'fast', 'across', 'cloud', 'valley', 'north', 'south', 'east', 'west',
  'gateway', 'routes', 'every', 'request', 'to', 'capacity', 'that', 'is', 'close', 'and', 'safe', 'with',
  'clear', 'simple', 'words', 'about', 'weather', 'light', 'stone', 'harbor', 'bridge', 'market', 'garden',
  'signal', 'token', 'stream', 'steady', 'calm', 'over', 'under', 'near', 'far', 'from', 'into', 'city',
  'forest', 'ocean', 'island', 'window', 'morning', 'evening', 'small', 'large', 'green', 'blue', 'silver',
  'golden', 'path', 'road', 'journey', 'home', 'friend', 'story', 'answer', 'question', 'reason', 'careful',
  'patient', 'kind', 'open', 'honest', 'local', 'global', 'border', 'rule', 'promise', 'keeps', 'holds', 'moves',
] as const;

/** FNV-1a, 32 bit: a stable hash of the seed text. */
export function hashText(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Shortest and longest natural answer, in words. */
export const naturalLengthRange = { min: 4, max: 48 } as const;

export interface DeterministicText {
  /** The output tokens; `tokens.join('')` is the whole text (tokens after the first carry a leading space). */
  tokens: string[];
  /** `stop` when the natural length fit in `maxTokens`, else `length`. */
  finish: 'stop' | 'length';
}

/**
 * The answer for `seedText`: a natural length in `naturalLengthRange` from the PRNG, cut at `maxTokens`. A
 * lower `maxTokens` gives a prefix of the same answer. A natural answer ends with a full stop.
 */
export function generateDeterministicText(seedText: string, maxTokens: number): DeterministicText {
  const random = createSeededRandom(hashText(seedText));
  const span = naturalLengthRange.max - naturalLengthRange.min + 1;
  const naturalLength = naturalLengthRange.min + Math.floor(random() * span);
  const count = Math.max(0, Math.min(naturalLength, Math.floor(maxTokens)));
  const words: string[] = [];
  for (let i = 0; i < naturalLength; i += 1) {
    words.push(vocabulary[Math.floor(random() * vocabulary.length)] ?? 'word');
  }
  if (words.length > 0) {
    words[0] = words[0].charAt(0).toUpperCase() + words[0].slice(1);
    words[words.length - 1] += '.';
  }
  const tokens = words.slice(0, count).map((word, i) => (i === 0 ? word : ` ${word}`));
  return { tokens, finish: count === naturalLength ? 'stop' : 'length' };
}

/** Input tokens: ceil(total characters of all text content / 4), at least 1. */
export function countInputTokens(texts: readonly string[]): number {
  const chars = texts.reduce((sum, text) => sum + text.length, 0);
  return Math.max(1, Math.ceil(chars / 4));
}
