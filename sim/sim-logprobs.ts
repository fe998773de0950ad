/**
 * OpenAI `logprobs` in the simulator: when a request asks (`logprobs: true`, `top_logprobs: N`), every output token
 * comes with a deterministic log probability and N alternatives, in OpenAI's `choices[].logprobs.content` shape.
 * Pure.
 */
import { hashText } from './deterministic-text.js';

export interface SimTokenLogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] }>;
}

/** A log probability in (-1, 0] for a token at a position (same input, same number). */
function logprobOf(token: string, position: number): number {
  return -((hashText(`${position}:${token}`) % 1000) / 1000);
}

export function tokenLogprob(token: string, position: number, topLogprobs: number): SimTokenLogprob {
  const logprob = logprobOf(token, position);
  const bytes = [...Buffer.from(token, 'utf8')];
  const alternatives = Array.from({ length: topLogprobs }, (_, k) => {
    const alternative = k === 0 ? token : `${token.trim() || '_'}${k}`;
    return { token: alternative, logprob: k === 0 ? logprob : logprob - k, bytes: [...Buffer.from(alternative, 'utf8')] };
  });
  return { token, logprob, bytes, top_logprobs: alternatives };
}
