import type { SeriesQueryResult } from '$lib/protocol/api';
import type { SeriesKey } from '$lib/protocol/series';
import { lowerBound, type Point } from './host-series';
import type { RangeWindow } from './time-range';

/** What a view's rows are: the socket's recent samples, or history as it is, or min/avg/max buckets. */
export type ViewMode = 'live' | 'raw' | 'bucketed';

/**
 * One series of a view. `line` is what a chart draws (the value, or a bucket's mean); in
 * bucketed mode `min` and `max` hold each bucket's extremes, aligned with `line` point for
 * point (a raw row past the seam has the same point in all three); otherwise they stay empty.
 */
export interface ViewColumn {
	line: Point[];
	min: Point[];
	max: Point[];
}

/** Where raw rows come from: a host's recent samples (HostSeries), ascending and unique. */
export interface RawRows {
	readonly ts: readonly number[];
	column(key: SeriesKey): readonly Point[];
}

/**
 * How long past a bucket's end raw rows may still arrive before the bucket is folded into
 * one min/avg/max row (the server closes its chunks with the same grace).
 */
export const BUCKET_GRACE_MS = 5_000;

/**
 * The rows a host page's charts draw for one time range: history from the series API (raw
 * rows or buckets) with the host's raw samples merged at the right edge, or the raw samples
 * alone (live). Rows are unique by timestamp and ascending, so a sample in both history and
 * the live stream is drawn once.
 *
 * The seam between buckets and raw rows is set once per answer, when raw rows are first at
 * hand: if they reach back to the newest bucket's start, that bucket (probably partial: it
 * was still filling when the server answered, and the server's coarser tiers lag a minute)
 * gives way to the raw rows; otherwise it stays and raw rows newer than the answer follow it.
 * While the range follows, raw rows older than a bucket plus a grace are folded into a
 * bucket of their own (on the same grid), so bands continue to the right edge and the row
 * count stays bounded; a raw row that arrives for a bucket already drawn is reported
 * (`takeLate`) so the holder can ask for history again.
 *
 * Not reactive: charts hold these very arrays as dataset data; they are mutated in place
 * (never replaced) and holders redraw on `onChange`.
 */
export class RangeSeries {
	/** Row timestamps (ms, host clock), ascending and unique; a bucket's is its start. */
	readonly ts: number[] = [];
	private readonly columns = new Map<SeriesKey, ViewColumn>();
	private readonly listeners = new Set<() => void>();
	private currentMode: ViewMode = 'live';
	private step: number | null = null;
	private window: RangeWindow;
	/** Raw rows are taken from this timestamp on (the seam). */
	private rawFrom = -Infinity;
	/** Start of the next bucket that raw rows will be folded into. */
	private foldFrom = Infinity;
	/** Where folding started: rows in [foldStart, foldFrom) are folded buckets, not raw rows. */
	private foldStart = Infinity;
	/** Bucketed history is shown but the seam is not set yet (no raw row was at hand). */
	private seamPending = false;
	private lastBucket: number | null = null;
	/** The `to` of the bucketed answer shown. */
	private answeredTo = -Infinity;
	/** Rows are waiting for history: nothing is merged meanwhile. */
	private waiting = false;
	private late = false;

	/** `source`: the host's raw rows, which {@link merge} takes from. */
	constructor(
		private readonly source: RawRows,
		window: RangeWindow
	) {
		this.window = window;
	}

	get mode(): ViewMode {
		return this.currentMode;
	}
	/** Bucket width of bucketed rows (ms); null for raw and live rows. */
	get stepMs(): number | null {
		return this.step;
	}
	get size(): number {
		return this.ts.length;
	}
	get newestTs(): number | null {
		return this.ts.length === 0 ? null : this.ts[this.ts.length - 1];
	}
	/** True while the rows wait for a history answer ({@link awaitHistory}). */
	get pending(): boolean {
		return this.waiting;
	}
	/** Whether the range ends now and moves with new samples. */
	get follows(): boolean {
		return this.window.follows;
	}
	/** The span charts show: fixed for a zoom, else the range's span up to the newest row. */
	get bounds(): { from: number; to: number } {
		const { from, to, spanMs, follows } = this.window;
		if (!follows) return { from, to };
		const newest = this.newestTs;
		// Live: the samples' own clock says where "now" is. History: at least up to the asked `to`.
		const end = newest === null ? to : this.currentMode === 'live' ? newest : Math.max(to, newest);
		return { from: end - spanMs, to: end };
	}

	/**
	 * The point arrays of `key`, created if new: raw rows get their values from the source,
	 * history rows are gaps (the answer did not have the key). Stable for the object's life.
	 */
	column(key: SeriesKey): ViewColumn {
		let column = this.columns.get(key);
		if (!column) {
			const raw = this.source.column(key);
			const line = this.ts.map((x): Point => {
				if (!this.isRawRow(x)) return { x, y: null };
				const j = lowerBound(this.source.ts, x);
				return this.source.ts[j] === x ? raw[j] : { x, y: null };
			});
			column = { line, min: this.banded ? [...line] : [], max: this.banded ? [...line] : [] };
			this.columns.set(key, column);
		}
		return column;
	}

	/** Calls `listener` after every change; returns the function that stops it. */
	onChange(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Shows raw rows alone (the live range); call {@link merge} next to take the rows at hand. */
	showLive(window: RangeWindow): void {
		this.reset(window, 'live', null);
		this.notify();
	}

	/** Empties the view for `window`, whose history is on its way; merges wait for it. */
	awaitHistory(window: RangeWindow): void {
		this.reset(window, this.currentMode, this.step);
		this.waiting = true;
		this.notify();
	}

	/** Replaces the rows with a history answer for `window`; call {@link merge} next to add the rows at hand. */
	showHistory(result: SeriesQueryResult, window: RangeWindow): void {
		this.reset(window, result.mode, result.mode === 'bucketed' ? result.stepMs : null);
		for (const key of Object.keys(result.series) as SeriesKey[]) this.column(key);
		const n = result.ts.length;
		// One push per array: Chart.js hooks push on dataset arrays, once per call is enough.
		const points = (values: readonly (number | null)[] | undefined) => result.ts.map((x, i): Point => ({ x, y: values?.[i] ?? null }));
		for (const [key, column] of this.columns) {
			if (result.mode === 'raw') {
				column.line.push(...points(result.series[key]));
			} else {
				const bands = result.series[key];
				column.line.push(...points(bands?.avg));
				column.min.push(...points(bands?.min));
				column.max.push(...points(bands?.max));
			}
		}
		this.ts.push(...result.ts);
		if (result.mode === 'bucketed') {
			this.lastBucket = n > 0 ? result.ts[n - 1] : null;
			this.answeredTo = result.to;
			this.seamPending = true;
			this.rawFrom = Infinity;
		}
		this.notify();
	}

	/**
	 * Merges the source's raw rows: those at `inserted` timestamps (just added to it), or all
	 * of them. Rows already held, before the seam or outside a fixed range are skipped.
	 * Returns whether the view changed.
	 */
	merge(inserted?: readonly number[]): boolean {
		if (this.waiting) return false;
		const source = this.source;
		let changed = false;
		// Rows before a seam set earlier came too late for history; not so for the seam set now.
		const seamWasSet = !this.seamPending;
		if (this.seamPending && source.ts.length > 0) changed = this.setSeam(source.ts[0]);
		const visibleFrom = this.bounds.from;
		const take = (t: number, index: number) => {
			if (t < this.rawFrom) {
				// Before the seam: history has it (a resync), or it came too late for its bucket.
				if (inserted && seamWasSet && this.currentMode === 'bucketed' && t >= visibleFrom) this.late = true;
				return;
			}
			if (!this.window.follows && (t < this.window.from || t > this.window.to)) return;
			if (this.insertRow(t, index)) changed = true;
		};
		if (inserted) {
			for (const t of inserted) {
				const index = lowerBound(source.ts, t);
				if (source.ts[index] === t) take(t, index);
			}
		} else {
			source.ts.forEach(take);
		}
		if (!changed) return false;
		this.fold();
		this.trim();
		this.notify();
		return true;
	}

	/** Whether raw rows came too late for their bucket since the last call (then history is stale). */
	takeLate(): boolean {
		const late = this.late;
		this.late = false;
		return late;
	}

	/** Whether the source's rows continue this view without a hole (a hole needs history again). */
	continues(): boolean {
		const newest = this.newestTs;
		return newest === null || this.source.ts.length === 0 || this.source.ts[0] <= newest;
	}

	/** Whether the row at `x` is a raw row of the source (not history, not a folded bucket). */
	private isRawRow(x: number): boolean {
		return x >= this.rawFrom && !(x >= this.foldStart && x < this.foldFrom);
	}

	private get banded(): boolean {
		return this.currentMode === 'bucketed';
	}

	private reset(window: RangeWindow, mode: ViewMode, step: number | null): void {
		this.window = window;
		this.currentMode = mode;
		this.step = step;
		this.waiting = false;
		this.seamPending = false;
		this.lastBucket = null;
		this.answeredTo = -Infinity;
		this.rawFrom = -Infinity;
		this.foldFrom = this.foldStart = Infinity;
		this.late = false;
		// splice(0, n), never splice(0): Chart.js hooks splice on dataset arrays and needs the count.
		this.ts.splice(0, this.ts.length);
		for (const column of this.columns.values()) {
			column.line.splice(0, column.line.length);
			column.min.splice(0, column.min.length);
			column.max.splice(0, column.max.length);
		}
	}

	/** Sets the seam, given the oldest raw row at hand; returns whether a row was dropped. */
	private setSeam(rawFirst: number): boolean {
		const step = this.step!;
		this.seamPending = false;
		const last = this.lastBucket;
		if (last === null) {
			this.rawFrom = -Infinity;
			this.foldFrom = this.foldStart = Math.floor(rawFirst / step) * step;
			return false;
		}
		if (rawFirst <= last) {
			// Raw rows cover the newest bucket entirely: they replace it (it may be partial).
			this.rawFrom = this.foldFrom = this.foldStart = last;
			this.removeRows(this.ts.length - 1, this.ts.length);
			return true;
		}
		// The newest bucket stays (raw rows do not cover it); rows newer than the answer follow
		// it as they are, and folding starts with the next bucket.
		this.rawFrom = this.answeredTo + 1;
		this.foldFrom = this.foldStart = last + step;
		return false;
	}

	private insertRow(t: number, index: number): boolean {
		const n = this.ts.length;
		const at = n === 0 || t > this.ts[n - 1] ? n : lowerBound(this.ts, t);
		if (this.ts[at] === t) return false;
		const add = (points: Point[], point: Point) => (at === n ? points.push(point) : points.splice(at, 0, point));
		if (at === n) this.ts.push(t);
		else this.ts.splice(at, 0, t);
		for (const [key, column] of this.columns) {
			const point = this.source.column(key)[index] ?? { x: t, y: null };
			add(column.line, point);
			if (this.banded) {
				add(column.min, point);
				add(column.max, point);
			}
		}
		return true;
	}

	/** Folds raw rows of buckets that are complete (newest row past their end + grace) into one row each. */
	private fold(): void {
		const step = this.step;
		if (!this.banded || step === null || this.seamPending) return;
		const newest = this.newestTs;
		while (newest !== null && newest >= this.foldFrom + step + BUCKET_GRACE_MS) {
			const start = this.foldFrom;
			const end = start + step;
			const i = lowerBound(this.ts, start);
			const j = lowerBound(this.ts, end);
			if (j > i) {
				const folded = [...this.columns.values()].map((c) => foldBucket(start, c.line.slice(i, j)));
				this.removeRows(i, j);
				this.ts.splice(i, 0, start);
				[...this.columns.values()].forEach((c, k) => {
					c.line.splice(i, 0, folded[k].avg);
					c.min.splice(i, 0, folded[k].min);
					c.max.splice(i, 0, folded[k].max);
				});
			}
			// Skip empty buckets at once: the next raw row says where the next bucket starts.
			const next = this.ts[j > i ? i + 1 : i];
			this.foldFrom = next === undefined ? end : Math.max(end, Math.floor(next / step) * step);
		}
	}

	/** While following: drops rows left of the view, keeping one so lines reach the left edge. */
	private trim(): void {
		if (!this.window.follows) return;
		const keep = lowerBound(this.ts, this.bounds.from) - 1;
		if (keep > 0) this.removeRows(0, keep);
	}

	private removeRows(from: number, to: number): void {
		const count = to - from;
		if (count <= 0) return;
		this.ts.splice(from, count);
		for (const column of this.columns.values()) {
			column.line.splice(from, count);
			if (column.min.length > 0) column.min.splice(from, count);
			if (column.max.length > 0) column.max.splice(from, count);
		}
	}

	private notify(): void {
		for (const listener of this.listeners) listener();
	}
}

/** The min, mean and max of raw points as one bucket at `start`; nulls when none has a value. */
export function foldBucket(start: number, points: readonly Point[]): { min: Point; avg: Point; max: Point } {
	let n = 0;
	let sum = 0;
	let min = Infinity;
	let max = -Infinity;
	for (const { y } of points) {
		if (y === null) continue;
		n++;
		sum += y;
		if (y < min) min = y;
		if (y > max) max = y;
	}
	if (n === 0) return { min: { x: start, y: null }, avg: { x: start, y: null }, max: { x: start, y: null } };
	return { min: { x: start, y: min }, avg: { x: start, y: sum / n }, max: { x: start, y: max } };
}
