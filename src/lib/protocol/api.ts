import type { HostInfo } from './schemas.js';
import type { SeriesKey } from './series.js';

/** Resolution of a series query's answer: raw samples, or buckets of a tier's aggregates. */
export type SeriesTier = 'raw' | '1m' | '1h';

/** Per series of a bucketed answer: per bucket, the smallest, mean and largest value. */
export interface SeriesBands {
	min: (number | null)[];
	avg: (number | null)[];
	max: (number | null)[];
}

/**
 * `GET /api/hosts/:id/series`: at most ~1,000 points per series. Raw answers carry the
 * samples' values; bucketed ones min/avg/max per `stepMs` bucket (`ts` is the bucket start).
 */
export type SeriesQueryResult = {
	hostId: string;
	from: number;
	to: number;
	tier: SeriesTier;
	ts: number[];
} & (
	| { mode: 'raw'; stepMs: null; series: Partial<Record<SeriesKey, (number | null)[]>> }
	| { mode: 'bucketed'; stepMs: number; series: Partial<Record<SeriesKey, SeriesBands>> }
);

/** What the store remembers of a host across restarts. */
export interface StoredHost {
	hostId: string;
	info: HostInfo | null;
	firstSeen: number;
	lastSeen: number | null;
}
