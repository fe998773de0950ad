/**
 * One JSON access-log line per inference request, at `info`, after its audit record is committed: who, from which
 * source region, which profile, where it ran, how many attempts, status, tokens, time. Never any content.
 * Silence it with GEOROUTE_LOG_LEVEL=warn.
 */
import type { Logger } from 'pino';
import type { RequestOutcome } from '../pipeline/request-outcome.js';

export function createAccessLogObserver(logger: Logger): (outcome: RequestOutcome) => void {
  return (outcome) => {
    if (!logger.isLevelEnabled('info')) return;
    logger.info(
      {
        requestId: outcome.requestId,
        event: outcome.eventName,
        identity: outcome.identity.id,
        sourceRegion: outcome.sourceRegionId,
        profile: outcome.profile?.id ?? outcome.requestedModelId,
        inferenceRegion: outcome.inferenceRegionId,
        attempts: outcome.attempts.length,
        status: outcome.status,
        stream: outcome.stream,
        inputTokens: outcome.usage?.inputTokens,
        outputTokens: outcome.usage?.outputTokens,
        cacheReadInputTokens: outcome.usage?.cacheReadInputTokens,
        cacheWriteInputTokens: outcome.usage?.cacheWriteInputTokens,
        durationMs: outcome.durationMs,
        error: outcome.error?.code,
      },
      'request',
    );
  };
}
