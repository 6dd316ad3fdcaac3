import type { Sample } from '$lib/protocol/schemas';
import { coreKey, fixedSeriesValues, SERIES_KEYS, type SeriesKey, type SeriesWindow } from '$lib/protocol/series';

/** One chart point. Chart.js reads these objects as they are (`parsing: false`); null is a gap. */
export interface Point {
	x: number;
	y: number | null;
}

/** A series' points and where its value comes from: index in `fixedSeriesValues`, or core index. */
interface Column {
	points: Point[];
	fixed: number;
	core: number;
}

/**
 * A host's recent series in time order, one array of points per series key, all aligned on
 * the same timestamps. History (a columnar window) and live samples go through the same
 * insert, so a timestamp already held is dropped (no duplicate at the seam) and a late
 * sample lands at its place. Charts hold these very arrays as dataset data: they are only
 * ever mutated in place, never replaced, and the holder calls `chart.update()` on change.
 * Deliberately not reactive: thousands of points must not become deep `$state`.
 */
export class HostSeries {
	/** Timestamps (host clock, ms), ascending and unique. */
	readonly ts: number[] = [];
	private readonly columns = new Map<SeriesKey, Column>();
	private cores = 0;
	private readonly listeners = new Set<(inserted: readonly number[]) => void>();

	/** Span kept behind the newest point; the server says how much it keeps (HostSnapshot.windowMs). */
	constructor(public windowMs: number) {
		SERIES_KEYS.forEach((key, k) => this.columns.set(key, { points: [], fixed: k, core: -1 }));
	}

	get size(): number {
		return this.ts.length;
	}

	get newestTs(): number | null {
		return this.ts.length === 0 ? null : this.ts[this.ts.length - 1];
	}

	/** Per-core series held: `core0` … `core{coreCount-1}`. */
	get coreCount(): number {
		return this.cores;
	}

	/** The point array of `key`, created (filled with gaps) if the key is new. Stable for the object's life. */
	column(key: SeriesKey): Point[] {
		let column = this.columns.get(key);
		if (!column) {
			// Only core keys can be missing: SERIES_KEYS are created with the object.
			const core = Number(key.slice('core'.length));
			column = { points: this.ts.map((x) => ({ x, y: null })), fixed: -1, core };
			this.columns.set(key, column);
		}
		return column.points;
	}

	/** Adds a live sample; returns false if its timestamp is already held or is older than the window. */
	addSample(sample: Sample): boolean {
		const added = this.insertRow(sample.ts, fixedSeriesValues(sample), sample.cpu.cores);
		if (added) this.afterChange([sample.ts]);
		return added;
	}

	/** Merges a history window; returns how many rows were new. */
	addWindow(window: SeriesWindow): number {
		const fixed = SERIES_KEYS.map((key) => window.series[key]);
		const cores: (number | null)[][] = [];
		for (let c = 0; window.series[coreKey(c)]; c++) cores.push(window.series[coreKey(c)]!);
		const added: number[] = [];
		for (let i = 0; i < window.ts.length; i++) {
			const row = fixed.map((column) => column?.[i] ?? null);
			const coreRow = cores.map((column) => column[i] ?? null);
			if (this.insertRow(window.ts[i], row, coreRow)) added.push(window.ts[i]);
		}
		if (added.length > 0) this.afterChange(added);
		return added.length;
	}

	/** Drops every point (in place, so holders of the arrays see it). */
	clear(): void {
		// splice(0, n), never splice(0): Chart.js hooks splice on dataset arrays and needs the count.
		this.ts.splice(0, this.ts.length);
		for (const { points } of this.columns.values()) points.splice(0, points.length);
		this.notify([]);
	}

	/**
	 * Calls `listener` after every change with the timestamps inserted (some may have been
	 * trimmed again at once); returns the function that stops it.
	 */
	onChange(listener: (inserted: readonly number[]) => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	private insertRow(t: number, fixed: readonly (number | null)[], cores: ArrayLike<number | null>): boolean {
		const newest = this.newestTs;
		let index = this.ts.length;
		if (newest !== null && t <= newest) {
			if (t < newest - this.windowMs) return false;
			index = lowerBound(this.ts, t);
			if (this.ts[index] === t) return false;
		}
		for (; this.cores < cores.length; this.cores++) this.column(coreKey(this.cores));

		const append = index === this.ts.length;
		if (append) this.ts.push(t);
		else this.ts.splice(index, 0, t);
		for (const { points, fixed: f, core: c } of this.columns.values()) {
			const point = { x: t, y: (f >= 0 ? fixed[f] : cores[c]) ?? null };
			if (append) points.push(point);
			else points.splice(index, 0, point);
		}
		return true;
	}

	/** Trims what fell out of the window behind the newest point, then tells the listeners. */
	private afterChange(inserted: readonly number[]): void {
		const cutoff = this.ts[this.ts.length - 1] - this.windowMs;
		const stale = lowerBound(this.ts, cutoff);
		if (stale > 0) {
			this.ts.splice(0, stale);
			for (const { points } of this.columns.values()) points.splice(0, stale);
		}
		this.notify(inserted);
	}

	private notify(inserted: readonly number[]): void {
		for (const listener of this.listeners) listener(inserted);
	}
}

/** First index whose value is >= `value` in an ascending array. */
export function lowerBound(values: readonly number[], value: number): number {
	let lo = 0;
	let hi = values.length;
	while (lo < hi) {
		const mid = (lo + hi) >>> 1;
		if (values[mid] < value) lo = mid + 1;
		else hi = mid;
	}
	return lo;
}
