/**
 * Traffic of every replica, for the dashboard and `/admin/state`: each replica writes its counters and timeline
 * into the shared state database every `publishMs` (one upsert of its own row), and a read merges the rows of the
 * replicas seen in the last `liveMs`, this replica's taken live. Counts add up exactly; a step's p95 latency is the
 * highest of the replicas' (an upper bound: histograms are not shared). Holds what the counters hold: no content.
 */
import type { SqlDatabase } from '../state/sql-database.js';
import type { TrafficCounters, TrafficSnapshot } from './traffic-counters.js';
import { RECENT_ERRORS_KEPT } from './traffic-counters.js';
import type { TimelineSnapshot, TrafficTimeline } from './traffic-timeline.js';

export interface ReplicaShare {
  replicaId: string;
  /** This replica (the one answering). */
  self: boolean;
  startedAt: string;
  updatedAt: string;
  requests: number;
  /** Its part of all replicas' requests, 0 to 1. */
  share: number;
}

export interface MergedTraffic {
  traffic: TrafficSnapshot;
  timeline: TimelineSnapshot;
  replicas: ReplicaShare[];
}

interface ReplicaRow {
  replica_id: string;
  snapshot_json: string;
  started_at: string | number;
  updated_at: string | number;
}

interface Published {
  traffic: TrafficSnapshot;
  timeline: TimelineSnapshot;
}

export interface ReplicaTraffic {
  read(now: number): Promise<MergedTraffic>;
  publish(now: number): Promise<void>;
  close(): void;
}

export function startReplicaTraffic(input: {
  db: SqlDatabase;
  replicaId: string;
  traffic: TrafficCounters;
  timeline: TrafficTimeline;
  publishMs?: number;
  liveMs?: number;
  onError: (error: unknown) => void;
}): ReplicaTraffic {
  const { db, replicaId } = input;
  const startedAt = Date.now();
  const liveMs = input.liveMs ?? 15_000;
  const own = (): Published => ({ traffic: input.traffic.snapshot(), timeline: input.timeline.snapshot() });
  const publish = async (now: number) => {
    await db.query(
      'INSERT INTO replica_traffic (replica_id, snapshot_json, started_at, updated_at) VALUES ($1, $2, $3, $4) ON CONFLICT (replica_id) DO UPDATE SET snapshot_json = $2, updated_at = $4',
      [replicaId, JSON.stringify(own()), startedAt, now],
    );
  };
  const timer = setInterval(() => void publish(Date.now()).catch(input.onError), input.publishMs ?? 2_000);
  timer.unref();
  return {
    publish,
    close: () => clearInterval(timer),
    async read(now) {
      const rows = await db.query<ReplicaRow>('SELECT replica_id, snapshot_json, started_at, updated_at FROM replica_traffic WHERE updated_at > $1 AND replica_id <> $2', [now - liveMs, replicaId]);
      const replicas = [
        { replicaId, self: true, startedAt, updatedAt: now, published: own() },
        ...rows.map((r) => ({ replicaId: r.replica_id, self: false, startedAt: Number(r.started_at), updatedAt: Number(r.updated_at), published: JSON.parse(r.snapshot_json) as Published })),
      ];
      const total = replicas.reduce((sum, r) => sum + r.published.traffic.total, 0);
      return {
        traffic: mergeTraffic(replicas.map((r) => r.published.traffic)),
        timeline: mergeTimelines(replicas.map((r) => r.published.timeline)),
        replicas: replicas.map((r) => ({
          replicaId: r.replicaId,
          self: r.self,
          startedAt: new Date(r.startedAt).toISOString(),
          updatedAt: new Date(r.updatedAt).toISOString(),
          requests: r.published.traffic.total,
          share: total === 0 ? 0 : Math.round((r.published.traffic.total / total) * 1000) / 1000,
        })),
      };
    },
  };
}

export function mergeTraffic(snapshots: readonly TrafficSnapshot[]): TrafficSnapshot {
  const routes = new Map<string, TrafficSnapshot['routes'][number]>();
  const codes = new Map<string, number>();
  for (const s of snapshots) {
    for (const r of s.routes) {
      const key = `${r.sourceRegion}\u0000${r.inferenceRegion ?? ''}\u0000${r.outcome}`;
      const known = routes.get(key);
      if (known) known.count += r.count;
      else routes.set(key, { ...r });
    }
    for (const e of s.errorsByCode) codes.set(e.code, (codes.get(e.code) ?? 0) + e.count);
  }
  return {
    since: snapshots.map((s) => s.since).sort()[0] ?? new Date().toISOString(),
    total: snapshots.reduce((sum, s) => sum + s.total, 0),
    routes: [...routes.values()],
    errorsByCode: [...codes].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    recentErrors: snapshots.flatMap((s) => s.recentErrors).sort((a, b) => b.time.localeCompare(a.time)).slice(0, RECENT_ERRORS_KEPT),
  };
}

export function mergeTimelines(timelines: readonly TimelineSnapshot[]): TimelineSnapshot {
  const [first] = timelines;
  const points = new Map(first.points.map((p) => [p.t, { ...p }]));
  const flows = new Map(first.flows.map((f) => [`${f.sourceRegion}\u0000${f.inferenceRegion}`, { ...f }]));
  for (const other of timelines.slice(1)) {
    for (const p of other.points) {
      const mine = points.get(p.t);
      if (!mine) continue;
      mine.requests += p.requests;
      mine.succeeded += p.succeeded;
      mine.spilled += p.spilled;
      mine.refused += p.refused;
      mine.p95Ms = mine.p95Ms === null ? p.p95Ms : p.p95Ms === null ? mine.p95Ms : Math.max(mine.p95Ms, p.p95Ms);
    }
    for (const f of other.flows) {
      const key = `${f.sourceRegion}\u0000${f.inferenceRegion}`;
      const mine = flows.get(key);
      if (mine) mine.count += f.count;
      else flows.set(key, { ...f });
    }
  }
  return { ...first, points: [...points.values()], flows: [...flows.values()] };
}
