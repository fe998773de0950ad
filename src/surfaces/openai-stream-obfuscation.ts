/**
 * OpenAI's stream obfuscation (`stream_options.include_obfuscation`, on unless set to false): each delta event
 * carries an `obfuscation` member of random characters so that the size of an event says little about the size of
 * its text, a mitigation of side channels that read token lengths from encrypted traffic. Used by the OpenAI chat
 * and Responses renderers when the gateway renders the stream itself; a stream relayed as it is carries whatever
 * its upstream wrote. The padding brings the delta's length and its own to a multiple of 16 characters, plus 0 to 2
 * more blocks of 16 chosen at random.
 */
import { randomBytes, randomInt } from 'node:crypto';

const BLOCK = 16;
const EXTRA_BLOCKS = 3;

/** Random base64url characters to pad a delta of `deltaLength` characters with. */
export function obfuscationFor(deltaLength: number): string {
  const length = BLOCK - (deltaLength % BLOCK) + BLOCK * randomInt(EXTRA_BLOCKS);
  return randomBytes(length).toString('base64url').slice(0, length);
}
