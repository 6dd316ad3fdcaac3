import type { SeriesBands, SeriesKey, SeriesQueryResult, SeriesTier } from '../../protocol/index.js';
import { aggColumnId, rawColumnId, type TierName } from './chunks/layout.js';
import type { RowSet } from './chunks/row-set.js';

export const MAX_POINTS = 1_000;

export interface SeriesQuery {
	hostId: string;
	keys: SeriesKey[];
	from: number;
	to: number;
	/** Smallest bucket width wanted (ms); the answer may use wider buckets to stay under MAX_POINTS. */
	stepMs?: number;
}

export interface Retention {
	rawMs: number;
	minuteMs: number;
	hourMs: number;
}

export interface QueryPlan {
	tier: TierName;
	/** Bucket width; null: raw samples as they are. */
	stepMs: number | null;
}

const TIER_LABEL: Record<TierName, SeriesTier> = { raw: 'raw', minute: '1m', hour: '1h' };

/**
 * The finest tier that still holds `from` and answers in at most MAX_POINTS points: raw
 * samples when few enough, else raw, minute or hour aggregates in equal buckets.
 */
export function planQuery(q: Pick<SeriesQuery, 'from' | 'to' | 'stepMs'>, intervalMs: number, now: number, retention: Retention): QueryPlan {
	const span = Math.max(1, q.to - q.from);
	const age = now - q.from;
	const rawHeld = age <= retention.rawMs;
	if (rawHeld && span / intervalMs <= MAX_POINTS && !q.stepMs) return { tier: 'raw', stepMs: null };
	const step = Math.max(q.stepMs ?? 0, Math.ceil(span / MAX_POINTS));
	if (rawHeld && step < 60_000) return { tier: 'raw', stepMs: roundStep(step, 1_000) };
	if (age <= retention.minuteMs && step < 3_600_000) return { tier: 'minute', stepMs: roundStep(step, 60_000) };
	return { tier: 'hour', stepMs: roundStep(step, 3_600_000) };
}

/** The smallest multiple of `unit` ≥ step, so buckets line up with the tier's rows. */
function roundStep(step: number, unit: number): number {
	return Math.max(unit, Math.ceil(step / unit) * unit);
}

/** Answers a query from the row sets of the planned tier (any order, possibly overlapping none). */
export function answer(q: SeriesQuery, plan: QueryPlan, sets: readonly RowSet[]): SeriesQueryResult {
	const ordered = [...sets].sort((a, b) => (a.ts[0] ?? 0) - (b.ts[0] ?? 0));
	const base = { hostId: q.hostId, from: q.from, to: q.to, tier: TIER_LABEL[plan.tier] };
	if (plan.stepMs === null) {
		const ts: number[] = [];
		const series: Partial<Record<SeriesKey, (number | null)[]>> = {};
		for (const key of q.keys) series[key] = [];
		for (const set of ordered) {
			for (let i = 0; i < set.size; i++) {
				const t = set.ts[i];
				if (t < q.from || t > q.to) continue;
				ts.push(t);
				for (const key of q.keys) series[key]!.push(set.column(rawColumnId(key))?.[i] ?? null);
			}
		}
		return { ...base, mode: 'raw', stepMs: null, ts, series };
	}
	return { ...base, mode: 'bucketed', stepMs: plan.stepMs, ...bucketize(q, plan.stepMs, ordered, plan.tier === 'raw') };
}

interface Acc {
	n: number;
	sum: number;
	min: number;
	max: number;
}

function bucketize(q: SeriesQuery, step: number, sets: readonly RowSet[], raw: boolean) {
	const buckets = new Map<number, Map<SeriesKey, Acc>>();
	for (const set of sets) {
		const columns = q.keys.map((key) => {
			const id = rawColumnId(key);
			return raw
				? { key, n: null, min: set.column(id), avg: set.column(id), max: set.column(id) }
				: {
						key,
						n: set.column(aggColumnId(id, 'n')),
						min: set.column(aggColumnId(id, 'min')),
						avg: set.column(aggColumnId(id, 'avg')),
						max: set.column(aggColumnId(id, 'max'))
					};
		});
		for (let i = 0; i < set.size; i++) {
			const t = set.ts[i];
			if (t < q.from || t > q.to) continue;
			const start = Math.floor(t / step) * step;
			let bucket = buckets.get(start);
			if (!bucket) buckets.set(start, (bucket = new Map()));
			for (const c of columns) {
				const avg = c.avg?.[i];
				if (avg === null || avg === undefined) continue;
				const n = c.n ? (c.n[i] ?? 0) : 1;
				if (n === 0) continue;
				const acc = bucket.get(c.key) ?? { n: 0, sum: 0, min: Infinity, max: -Infinity };
				acc.n += n;
				acc.sum += avg * n;
				acc.min = Math.min(acc.min, c.min![i]!);
				acc.max = Math.max(acc.max, c.max![i]!);
				bucket.set(c.key, acc);
			}
		}
	}
	const ts = [...buckets.keys()].sort((a, b) => a - b);
	const series: Partial<Record<SeriesKey, SeriesBands>> = {};
	for (const key of q.keys) {
		const bands: SeriesBands = { min: [], avg: [], max: [] };
		for (const start of ts) {
			const acc = buckets.get(start)!.get(key);
			bands.min.push(acc ? acc.min : null);
			bands.avg.push(acc ? Math.round((acc.sum / acc.n) * 1e4) / 1e4 : null);
			bands.max.push(acc ? acc.max : null);
		}
		series[key] = bands;
	}
	return { ts, series };
}
