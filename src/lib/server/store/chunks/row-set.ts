import type { Column, DecodedChunk } from '../codec/columns.js';
import type { Row } from './layout.js';

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
		const i = this.lowerBound(ts);
		return i < this.ts.length && this.ts[i] === ts;
	}

	/** Adds a row; false (and nothing changes) if its timestamp is already held. */
	insert(ts: number, row: Row, decimalsOf: (id: number) => number): boolean {
		const i = this.lowerBound(ts);
		if (i < this.ts.length && this.ts[i] === ts) return false;
		// Appending (the common case) pushes; only late rows pay for a splice.
		const append = i === this.ts.length;
		if (append) this.ts.push(ts);
		else this.ts.splice(i, 0, ts);
		for (const col of this.cols.values()) {
			if (append) col.values.push(null);
			else col.values.splice(i, 0, null);
		}
		const { ids, values } = row;
		for (let k = 0; k < ids.length; k++) {
			let col = this.cols.get(ids[k]);
			if (!col) {
				col = { decimals: decimalsOf(ids[k]), values: new Array(this.ts.length).fill(null) };
				this.cols.set(ids[k], col);
			}
			col.values[i] = values[k];
		}
		return true;
	}

	/** Replaces the row at `ts` (or adds it): aggregates are recomputed when late data arrives. */
	upsert(ts: number, row: Row, decimalsOf: (id: number) => number): void {
		const i = this.lowerBound(ts);
		if (i < this.ts.length && this.ts[i] === ts) {
			this.ts.splice(i, 1);
			for (const col of this.cols.values()) col.values.splice(i, 1);
		}
		this.insert(ts, row, decimalsOf);
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

	/** Rows [from, size) as columns, for writing only what was added since `from`. */
	tailColumns(from: number): { ts: number[]; columns: Column[] } {
		return {
			ts: this.ts.slice(from),
			columns: [...this.cols].map(([id, c]) => ({ id, decimals: c.decimals, values: c.values.slice(from) }))
		};
	}

	/** Adds every row of `other` not already held (merging a written part back in). */
	merge(other: RowSet, decimalsOf: (id: number) => number): void {
		const ids = other.columnIds();
		const cols = ids.map((id) => other.column(id)!);
		for (let i = 0; i < other.size; i++) this.insert(other.ts[i], { ids, values: cols.map((c) => c[i]) }, decimalsOf);
	}

	/** First index whose timestamp is >= ts. */
	lowerBound(ts: number): number {
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
