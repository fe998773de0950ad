/** An upstream's server-sent-events body read as its `data:` texts (pushed-body-reader.ts, with SseDataParser). */
import type { Readable } from 'node:stream';
import { PushedBodyReader } from './pushed-body-reader.js';
import { SseDataParser } from './sse-data-parser.js';

export class SseBodyReader extends PushedBodyReader<string, SseDataParser> {
  constructor(body: Readable) {
    super(body, new SseDataParser());
  }
}
