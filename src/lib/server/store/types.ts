import type { Sample, SeriesWindow } from '../../protocol/index.js';

export interface AppendResult {
	accepted: number;
	duplicates: number;
}

/**
 * Where samples are kept. The in-memory implementation keeps a recent window per host; a
 * persistent store implements the same interface with the memory one as its hot cache.
 */
export interface SampleStore {
	/** Declares a host and its sampling interval, so the store can size its buffers. */
	declareHost(hostId: string, intervalMs: number): void;
	/** Stores samples of one host (any order); a sample already held is counted as a duplicate. */
	append(hostId: string, samples: readonly Sample[]): AppendResult;
	/** History of a host from `fromTs` (host clock, ms) to the newest sample, in columns. */
	window(hostId: string, fromTs: number): Promise<SeriesWindow>;
	/** Recent total-CPU values for a sparkline, oldest first. */
	sparkline(hostId: string, points: number): number[];
	/** Flushes anything buffered and releases resources. */
	close(): Promise<void>;
}
