import type { HostInfo, Sample, SeriesQueryResult, SeriesWindow, StoredHost } from '../../protocol/index.js';
import type { SeriesQuery } from './query.js';

export interface AppendResult {
	accepted: number;
	duplicates: number;
}

/** Figures for /healthz and /metrics. */
export interface StoreStats {
	kind: 'memory' | 'sqlite';
	/** Database and WAL files; null for the memory store. */
	bytesOnDisk: number | null;
	/** Chunks held open in memory (not yet written compressed). */
	openChunks: number;
	/** Duration of the last flush, ms; null before the first. */
	lastFlushMs: number | null;
	/** Server clock of the last successful flush. */
	lastFlushAt: number | null;
	flushErrors: number;
	/** Distribution of flush durations, for /metrics: bucket upper bound (ms) → count. */
	flushHistogram: Map<number, number>;
	flushCount: number;
	flushSumMs: number;
}

/**
 * Where samples are kept. The memory store keeps a recent window per host; the SQLite store
 * persists everything in tiers and keeps a memory store in front of it as its hot cache.
 */
export interface SampleStore {
	/** A host said hello: remember it (and its interval, to size buffers). */
	declareHost(hostId: string, info: HostInfo, now: number): void;
	/** Hosts known from earlier runs (empty for the memory store). */
	knownHosts(): StoredHost[];
	/** Stores samples of one host (any order); a sample already held is counted as a duplicate. */
	append(hostId: string, samples: readonly Sample[]): AppendResult;
	/** Recent history of a host from `fromTs` (host clock, ms) to the newest sample, in columns. */
	window(hostId: string, fromTs: number): Promise<SeriesWindow>;
	/** Recent total-CPU values for a sparkline, oldest first. */
	sparkline(hostId: string, points: number): number[];
	/** History over any range, at most ~1,000 points per series; null for an unknown host. */
	query(q: SeriesQuery): Promise<SeriesQueryResult | null>;
	stats(): StoreStats;
	/** Writes anything buffered and releases resources. */
	close(): Promise<void>;
}
