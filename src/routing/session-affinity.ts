/**
 * Session affinity: which deployment last served a session, so the next request of that session can go there
 * first and find the provider's prompt cache warm. A bounded LRU with an idle expiry, in the memory of one router
 * (one replica); it holds ids only, never content. It only ever suggests: the planner puts the remembered
 * deployment first when it is a candidate of THIS request (inside its boundary), its breaker is not open and it
 * has headroom; otherwise it is ignored.
 */

export interface SessionAffinityOptions {
  /** Sessions remembered at most; the least recently used is forgotten first. */
  maxSessions: number;
  /** A session not used for this long is forgotten. */
  idleMs: number;
}

export const defaultSessionAffinityOptions: SessionAffinityOptions = { maxSessions: 100_000, idleMs: 10 * 60_000 };

interface Remembered {
  deploymentId: string;
  lastUsedAt: number;
}

/**
 * Where sessions are remembered: this router's memory (SessionAffinity, the default) or a store every replica
 * shares (redis-session-affinity.ts), so a session keeps its deployment whichever replica it reaches. Both only
 * suggest; a lookup that fails is no suggestion.
 */
export interface SessionMemory {
  lookup(key: string, now: number): string | undefined | Promise<string | undefined>;
  remember(key: string, deploymentId: string, now: number): void | Promise<void>;
}

export class SessionAffinity implements SessionMemory {
  /** Insertion order is recency order: a touched entry is deleted and set again, so the oldest comes first. */
  private readonly sessions = new Map<string, Remembered>();

  constructor(private readonly options: SessionAffinityOptions = defaultSessionAffinityOptions) {}

  get size(): number {
    return this.sessions.size;
  }

  /** The deployment that last served `key`, unless the session has been idle too long. */
  lookup(key: string, now: number): string | undefined {
    const entry = this.sessions.get(key);
    if (entry === undefined) return undefined;
    if (now - entry.lastUsedAt > this.options.idleMs) {
      this.sessions.delete(key);
      return undefined;
    }
    return entry.deploymentId;
  }

  /** `deploymentId` served `key` at `now`: it becomes the session's deployment and the most recently used. */
  remember(key: string, deploymentId: string, now: number): void {
    this.sessions.delete(key);
    this.sessions.set(key, { deploymentId, lastUsedAt: now });
    this.evict(now);
  }

  /** Drop idle sessions from the old end, then the least recently used beyond the bound. */
  private evict(now: number): void {
    for (const [key, entry] of this.sessions) {
      const idle = now - entry.lastUsedAt > this.options.idleMs;
      if (!idle && this.sessions.size <= this.options.maxSessions) return;
      this.sessions.delete(key);
    }
  }
}

/** A session is remembered per caller and per profile: two callers' ids never meet, nor one caller's two models. */
export function sessionAffinityKey(callerId: string, profileId: string, sessionId: string): string {
  return `${callerId}\u0000${profileId}\u0000${sessionId}`;
}
