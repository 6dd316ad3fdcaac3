import type { Sample } from '../../src/lib/protocol/index.js';

/** What one per-interval collection yields: a sample without its envelope (host, seq, ts). */
export type Readings = Omit<Sample, 'host' | 'seq' | 'ts'>;

/** Rounds to two decimals: finer digits are noise and cost bytes on the wire. */
export function round2(v: number): number {
	return Math.round(v * 100) / 100;
}

/** A percentage the schema accepts: finite, within [0, 100]. */
export function percent(v: number): number {
	return Number.isFinite(v) ? round2(Math.min(100, Math.max(0, v))) : 0;
}

/** A rate the schema accepts, or null where the source does not know it yet (first reading). */
export function rate(v: number | null | undefined): number | null {
	return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : null;
}
