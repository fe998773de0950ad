/**
 * The gateway's structured logger (pino, JSON lines on stdout). Level from GEOROUTE_LOG_LEVEL (default `info`).
 * Request logs carry ids, regions and outcomes only: never prompt or completion content.
 */
import { pino, type Logger } from 'pino';

export function createLogger(env: NodeJS.ProcessEnv = process.env): Logger {
  return pino({ level: env.GEOROUTE_LOG_LEVEL ?? 'info', base: { service: 'georoute' } });
}
