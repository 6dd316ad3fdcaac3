import type { Column, DecodedChunk } from '../codec/columns.js';

/**
 * Rows of one chunk in memory: timestamps ascending and unique, one value array per column
 * (null where a row has no value). Inserting a timestamp already held is refused, which is
 * what makes replays idempotent.
 */
export class RowSet {
	readonly ts: number[] = [];
	private readonly cols = new Map<number, { decimals: number; values: (number | null)[] }>();

	static from(decoded: DecodedChunk): RowSet {
		const set = new RowSet();
		set.ts.push(...decoded.ts);
		for (const c of decoded.columns) set.cols.set(c.id, { decimals: c.decimals, values: [...c.values] });
		return set;
	}

	get size(): number {
		return this.ts.length;
	}

	has(ts: number): boolean {
		const i = this.indexOf(ts);
		return i < this.ts.length && this.ts[i] === ts;
	}

	/** Adds a row; false (and nothing changes) if its timestamp is already held. */
	insert(ts: number, cells: readonly [number, number | null][], decimalsOf: (id: number) => number): boolean {
		const i = this.indexOf(ts);
		if (i < this.ts.length && this.ts[i] === ts) return false;
		this.ts.splice(i, 0, ts);
		for (const col of this.cols.values()) col.values.splice(i, 0, null);
		for (const [id, value] of cells) {
			let col = this.cols.get(id);
			if (!col) {
				col = { decimals: decimalsOf(id), values: new Array(this.ts.length).fill(null) };
				this.cols.set(id, col);
			}
			col.values[i] = value;
		}
		return true;
	}

	/** Replaces the row at `ts` (or adds it): aggregates are recomputed when late data arrives. */
	upsert(ts: number, cells: readonly [number, number | null][], decimalsOf: (id: number) => number): void {
		const i = this.indexOf(ts);
		if (i < this.ts.length && this.ts[i] === ts) {
			this.ts.splice(i, 1);
			for (const col of this.cols.values()) col.values.splice(i, 1);
		}
		this.insert(ts, cells, decimalsOf);
	}

	column(id: number): (number | null)[] | undefined {
		return this.cols.get(id)?.values;
	}

	columnIds(): number[] {
		return [...this.cols.keys()];
	}

	toColumns(): Column[] {
		return [...this.cols].map(([id, c]) => ({ id, decimals: c.decimals, values: c.values }));
	}

	/** First index whose timestamp is >= ts. */
	private indexOf(ts: number): number {
		let lo = 0;
		let hi = this.ts.length;
		if (hi > 0 && this.ts[hi - 1] < ts) return hi; // appending in order: the common case
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.ts[mid] < ts) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
}
