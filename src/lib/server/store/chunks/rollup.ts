import { aggColumnId, aggDecimals, SEQ_COLUMN, splitAggColumnId, STATS, type Row } from './layout.js';
import type { RowSet } from './row-set.js';

/**
 * One aggregate row (n, min, avg, max per series) over the rows of `source` whose timestamp
 * is in [from, to). Raw rows count as n=1, min=avg=max=value; aggregate rows combine as
 * Σn, min of mins, max of maxes, n-weighted mean of means — so an hour built from minutes
 * equals the hour computed from the raw samples.
 */
export function aggregate(source: RowSet, from: number, to: number, sourceIsRaw: boolean): Row | null {
	const first = source.lowerBound(from);
	const last = source.lowerBound(to);
	if (first >= last) return null;
	const cells: Cells = { ids: [], values: [] };
	if (sourceIsRaw) {
		for (const id of source.columnIds()) {
			if (id === SEQ_COLUMN) continue;
			const values = source.column(id)!;
			let n = 0;
			let sum = 0;
			let min = Infinity;
			let max = -Infinity;
			for (let i = first; i < last; i++) {
				const v = values[i];
				if (v === null) continue;
				n++;
				sum += v;
				if (v < min) min = v;
				if (v > max) max = v;
			}
			pushStats(cells, id, n, min, n > 0 ? sum / n : null, max);
		}
		return cells;
	}
	const rawIds = new Set(source.columnIds().map((id) => splitAggColumnId(id).rawId));
	for (const rawId of rawIds) {
		const ns = source.column(aggColumnId(rawId, 'n'));
		const mins = source.column(aggColumnId(rawId, 'min'));
		const avgs = source.column(aggColumnId(rawId, 'avg'));
		const maxs = source.column(aggColumnId(rawId, 'max'));
		if (!ns || !mins || !avgs || !maxs) continue;
		let n = 0;
		let weighted = 0;
		let min = Infinity;
		let max = -Infinity;
		for (let i = first; i < last; i++) {
			const k = ns[i] ?? 0;
			if (k === 0) continue;
			n += k;
			weighted += avgs[i]! * k;
			min = Math.min(min, mins[i]!);
			max = Math.max(max, maxs[i]!);
		}
		pushStats(cells, rawId, n, min, n > 0 ? weighted / n : null, max);
	}
	return cells;
}

type Cells = { ids: number[]; values: (number | null)[] };

function pushStats(cells: Cells, rawId: number, n: number, min: number, avg: number | null, max: number): void {
	const values = { n, min: n > 0 ? min : null, avg, max: n > 0 ? max : null };
	for (const stat of STATS) {
		cells.ids.push(aggColumnId(rawId, stat));
		cells.values.push(values[stat]);
	}
}

/** Decimals of an aggregate column id. */
export function aggColumnDecimals(id: number): number {
	const { rawId, stat } = splitAggColumnId(id);
	return aggDecimals(rawId, stat);
}
