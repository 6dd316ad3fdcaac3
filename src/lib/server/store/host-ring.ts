import { coreKey, fixedSeriesValues, SERIES_KEYS, seriesDecimals, type Sample, type SeriesKey, type SeriesWindow } from '../../protocol/index.js';

const FIXED = SERIES_KEYS.length;

export type InsertResult = 'added' | 'duplicate' | 'too_old';

/**
 * A bounded, time-ordered ring of one host's series in columns (Float64 timestamps,
 * Float32 values, NaN for unknown; values are read back rounded to the series' decimals, so
 * byte figures keep float32's ~7 significant digits — this is a chart cache, not the record). Appending in order is O(1); a late sample (replay)
 * is inserted at its place, and a sample whose timestamp is already held is a duplicate.
 */
export class HostRing {
	private ts: Float64Array;
	private fixed: Float32Array[];
	private cores: Float32Array[] = [];
	private start = 0;
	private length = 0;
	/** Rows allocated now; doubles on demand up to `maxRows`, so an idle host costs little. */
	private capacity: number;

	constructor(
		private maxRows: number,
		initialRows = 32
	) {
		this.capacity = Math.min(initialRows, maxRows);
		this.ts = new Float64Array(this.capacity);
		this.fixed = Array.from({ length: FIXED }, () => new Float32Array(this.capacity).fill(NaN));
	}

	get size(): number {
		return this.length;
	}

	get newestTs(): number | null {
		return this.length === 0 ? null : this.ts[this.physical(this.length - 1)];
	}

	insert(sample: Sample): InsertResult {
		return this.insertRow(sample.ts, fixedSeriesValues(sample), sample.cpu.cores);
	}

	/** Inserts one row given as values of SERIES_KEYS (in order) and per-core values. */
	insertRow(ts: number, fixed: readonly (number | null)[], cores: readonly (number | null)[]): InsertResult {
		let pos = this.length;
		if (this.length > 0 && ts <= this.ts[this.physical(this.length - 1)]) {
			pos = this.lowerBound(ts);
			if (pos < this.length && this.ts[this.physical(pos)] === ts) return 'duplicate';
		}
		if (this.length === this.capacity && this.capacity < this.maxRows) this.reallocate(Math.min(this.capacity * 2, this.maxRows));
		if (this.length === this.capacity) {
			if (pos === 0) return 'too_old';
			this.start = (this.start + 1) % this.capacity;
			this.length--;
			pos--;
		}
		this.shiftUpFrom(pos);
		this.write(this.physical(pos), ts, fixed, cores);
		this.length++;
		return 'added';
	}

	/** Rows with `ts >= fromTs`, oldest first, with null for unknown values. */
	window(fromTs: number): SeriesWindow {
		const first = this.lowerBound(fromTs);
		const ts: number[] = [];
		const series: SeriesWindow['series'] = {};
		const columns: { key: SeriesKey; data: Float32Array; scale: number; out: (number | null)[] }[] = [];
		const add = (key: SeriesKey, data: Float32Array) => columns.push({ key, data, scale: 10 ** seriesDecimals(key), out: [] });
		SERIES_KEYS.forEach((key, k) => add(key, this.fixed[k]));
		this.cores.forEach((data, i) => add(coreKey(i), data));
		for (let i = first; i < this.length; i++) {
			const p = this.physical(i);
			ts.push(this.ts[p]);
			for (const c of columns) {
				const v = c.data[p];
				c.out.push(Number.isNaN(v) ? null : Math.round(v * c.scale) / c.scale);
			}
		}
		for (const c of columns) series[c.key] = c.out;
		return { ts, series };
	}

	/** The last `n` values of the total CPU series, oldest first (nulls skipped). */
	tailCpu(n: number): number[] {
		const out: number[] = [];
		for (let i = Math.max(0, this.length - n); i < this.length; i++) {
			const v = this.fixed[0][this.physical(i)];
			if (!Number.isNaN(v)) out.push(Math.round(v * 10) / 10);
		}
		return out;
	}

	/** Allows more rows (a host's interval shrank); never drops rows. */
	raiseLimit(maxRows: number): void {
		this.maxRows = Math.max(this.maxRows, maxRows);
	}

	/** Rows allocated (for memory accounting and tests). */
	get allocatedRows(): number {
		return this.capacity;
	}

	/** Moves the rows, oldest first, into arrays of `rows` rows. */
	private reallocate(rows: number): void {
		const move = <T extends Float32Array | Float64Array>(col: T, next: T): T => {
			for (let i = 0; i < this.length; i++) next[i] = col[this.physical(i)];
			return next;
		};
		this.ts = move(this.ts, new Float64Array(rows));
		this.fixed = this.fixed.map((col) => move(col, new Float32Array(rows).fill(NaN)));
		this.cores = this.cores.map((col) => move(col, new Float32Array(rows).fill(NaN)));
		this.capacity = rows;
		this.start = 0;
	}

	private physical(logical: number): number {
		return (this.start + logical) % this.capacity;
	}

	/** First logical index whose timestamp is >= ts. */
	private lowerBound(ts: number): number {
		let lo = 0;
		let hi = this.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.ts[this.physical(mid)] < ts) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	/** Moves rows [pos, length) one place later to free logical slot `pos`. */
	private shiftUpFrom(pos: number): void {
		for (let i = this.length; i > pos; i--) {
			const to = this.physical(i);
			const from = this.physical(i - 1);
			this.ts[to] = this.ts[from];
			for (let k = 0; k < FIXED; k++) this.fixed[k][to] = this.fixed[k][from];
			for (const col of this.cores) col[to] = col[from];
		}
	}

	private write(p: number, ts: number, values: readonly (number | null)[], cores: readonly (number | null)[]): void {
		this.ts[p] = ts;
		for (let k = 0; k < FIXED; k++) this.fixed[k][p] = values[k] ?? NaN;
		while (this.cores.length < cores.length) this.cores.push(new Float32Array(this.capacity).fill(NaN));
		for (let i = 0; i < this.cores.length; i++) this.cores[i][p] = i < cores.length ? (cores[i] ?? NaN) : NaN;
	}
}
