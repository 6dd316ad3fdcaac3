import { coreKey, fixedSeriesValues, SERIES_KEYS, seriesDecimals, type Sample, type SeriesKey } from '../../../protocol/index.js';
import type { Column } from '../codec/columns.js';

/**
 * How series map to chunk columns. Raw tier: fixed series k → id k, core i → 1000 + i, the
 * sample's seq → 999. Aggregate tiers: raw id r → 4r + stat (n, min, avg, max).
 */
export const SEQ_COLUMN = 999;
const CORE_BASE = 1000;

export const TIERS = {
	raw: { id: 0, spanMs: 60_000 },
	minute: { id: 1, spanMs: 3_600_000, bucketMs: 60_000 },
	hour: { id: 2, spanMs: 86_400_000, bucketMs: 3_600_000 }
} as const;
export type TierName = keyof typeof TIERS;

export const STATS = ['n', 'min', 'avg', 'max'] as const;
export type Stat = (typeof STATS)[number];

export function rawColumnId(key: SeriesKey): number {
	if (key.startsWith('core')) return CORE_BASE + Number(key.slice(4));
	const k = SERIES_KEYS.indexOf(key as (typeof SERIES_KEYS)[number]);
	if (k < 0) throw new RangeError(`unknown series ${key}`);
	return k;
}

export function seriesKeyOf(rawId: number): SeriesKey | null {
	if (rawId >= CORE_BASE) return coreKey(rawId - CORE_BASE);
	return rawId < SERIES_KEYS.length ? SERIES_KEYS[rawId] : null;
}

/**
 * Decimals the store keeps per raw column: the protocol's (seriesDecimals), except CPU
 * percentages, kept to 0.1 % — the second decimal is noise that costs ~0.4 byte a value.
 */
export function rawDecimals(rawId: number): number {
	if (rawId === SEQ_COLUMN) return 0;
	const key = seriesKeyOf(rawId);
	if (!key) return 0;
	return key.startsWith('cpu') || key.startsWith('core') ? 1 : seriesDecimals(key);
}

const MEM_USED = 6;
const MEM_AVAILABLE = 7;
const MEM_TOTAL = 8;
/** Memory and swap columns: the kernel counts them in KiB, so they are stored in KiB. */
const KIB_COLUMNS = new Set([6, 7, 8, 9, 10]);

/**
 * Raw columns as written: memory in KiB units, and memAvailable as its difference from
 * memTotal − memUsed — zero for agents that define used as total − available (ours), so it
 * compresses to nothing. {@link fromStoredRaw} undoes both exactly.
 */
export function toStoredRaw(columns: Column[]): Column[] {
	const used = columns.find((c) => c.id === MEM_USED)?.values;
	const total = columns.find((c) => c.id === MEM_TOTAL)?.values;
	return columns.map((c) => {
		const unit = KIB_COLUMNS.has(c.id) ? 1024 : undefined;
		if (c.id !== MEM_AVAILABLE || !used || !total) return unit ? { ...c, unit } : c;
		const values = c.values.map((v, i) => (v === null || used[i] === null || total[i] === null ? v : v - (total[i]! - used[i]!)));
		return { ...c, id: MEM_AVAILABLE_DERIVED, unit: 1024, values };
	});
}

/** A column id of its own, so that a stored value is never mistaken for the plain one. */
const MEM_AVAILABLE_DERIVED = 998;

export function fromStoredRaw(columns: Column[]): Column[] {
	const used = columns.find((c) => c.id === MEM_USED)?.values;
	const total = columns.find((c) => c.id === MEM_TOTAL)?.values;
	return columns.map((c) => {
		const { unit: _unit, ...plain } = c;
		if (c.id !== MEM_AVAILABLE_DERIVED) return plain;
		const values = c.values.map((v, i) => (v === null || !used || !total || used[i] === null || total[i] === null ? v : v + (total[i]! - used[i]!)));
		return { ...plain, id: MEM_AVAILABLE, values };
	});
}

export function aggColumnId(rawId: number, stat: Stat): number {
	return rawId * 4 + STATS.indexOf(stat);
}

export function splitAggColumnId(id: number): { rawId: number; stat: Stat } {
	return { rawId: Math.floor(id / 4), stat: STATS[id % 4] };
}

/** Decimals kept per aggregate column: averages keep two more than the series itself. */
export function aggDecimals(rawId: number, stat: Stat): number {
	if (stat === 'n') return 0;
	return rawDecimals(rawId) + (stat === 'avg' ? 2 : 0);
}

/** One row as parallel arrays: column ids and their values. */
export interface Row {
	ids: readonly number[];
	values: readonly (number | null)[];
}

/** Raw-tier column ids for a host with `cores` cores, made once per core count. */
const rawIdsByCores = new Map<number, number[]>();
function rawIds(cores: number): number[] {
	let ids = rawIdsByCores.get(cores);
	if (!ids) {
		ids = [SEQ_COLUMN, ...SERIES_KEYS.map((_, k) => k), ...Array.from({ length: cores }, (_, i) => CORE_BASE + i)];
		rawIdsByCores.set(cores, ids);
	}
	return ids;
}

/** A sample as a raw-tier row; `fixed` is its fixedSeriesValues, computed once by the caller. */
export function rawRow(sample: Sample, fixed: readonly (number | null)[] = fixedSeriesValues(sample)): Row {
	return { ids: rawIds(sample.cpu.cores.length), values: [sample.seq, ...fixed, ...sample.cpu.cores] };
}

/** Start of the span of `tier` that holds `ts`. */
export function spanStart(tier: TierName, ts: number): number {
	const span = TIERS[tier].spanMs;
	return Math.floor(ts / span) * span;
}
