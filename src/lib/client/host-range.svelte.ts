import type { HostInfo } from '$lib/protocol/schemas';
import { coreKey, type FixedSeriesKey, type SeriesKey } from '$lib/protocol/series';
import { fetchSeries, HistoryError, MAX_METRICS } from './history-api';
import type { HostPhase } from './host-live.svelte';
import type { HostSeries } from './host-series';
import { RangeSeries, type ViewMode } from './range-series';
import { rangeKey, rangeWindow, type RangeSelection, type RangeWindow } from './time-range';

/** The fixed series the host page charts; history ranges fetch these plus per-core CPU. */
export const CHARTED_KEYS: readonly FixedSeriesKey[] = [
	'cpu',
	'memUsed',
	'memAvailable',
	'swapUsed',
	'netRx',
	'netTx',
	'diskRead',
	'diskWrite',
	'load1',
	'load5',
	'load15'
];

/** Raw rows that came too late for their bucket settle this long before history is asked again. */
export const REFRESH_DELAY_MS = 2_000;

/** `loading` while history is on its way; `error` when it failed (the message says why). */
export type RangePhase = 'loading' | 'ready' | 'error';

/** What a range needs of the host's live data (a HostLive). */
export interface LiveRows {
	readonly hostId: string;
	readonly series: HostSeries;
	readonly info: HostInfo | null;
	readonly cores: number;
	readonly phase: HostPhase;
}

export interface HostRangeOptions {
	/** Server time now (ms): where ranges that end now end. */
	now: () => number;
	fetch?: typeof fetch;
}

/**
 * What a host page's charts show for the selected time range, as one {@link RangeSeries}
 * shared by every chart (one range for all). The live range is the socket's recent samples
 * alone; other ranges fetch history from the series API, then keep merging live samples at
 * the right edge while the range ends now. A new range aborts the fetch in flight.
 *
 * Pausing stops merging: the charts hold still while samples keep arriving in the host's
 * own series; resuming merges them, or asks for history again if the pause outlasted what
 * that series keeps.
 */
export class HostRange {
	/** The chart rows; not reactive (see RangeSeries). `points` tells when their count changes. */
	readonly view: RangeSeries;

	#selection = $state.raw<RangeSelection>({ preset: 'live', zoom: null });
	#window = $state.raw<RangeWindow>(rangeWindow({ preset: 'live', zoom: null }, 0));
	#phase = $state<RangePhase>('ready');
	#error = $state<string | null>(null);
	#paused = $state(false);
	#mode = $state<ViewMode>('live');
	#stepMs = $state<number | null>(null);
	#points = $state(0);
	#key = '';
	#liveReady = false;
	/** History is wanted but waits for the live subscription (it says how many cores to ask for). */
	#deferred = false;
	#abort: AbortController | null = null;
	#refreshTimer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly live: LiveRows,
		private readonly options: HostRangeOptions
	) {
		const window = rangeWindow(this.#selection, options.now());
		this.#window = window;
		this.view = new RangeSeries(live.series, window);
	}

	/** The range shown (as the URL says it). */
	get selection(): RangeSelection {
		return this.#selection;
	}
	/** The window as of the last (re)load. */
	get window(): RangeWindow {
		return this.#window;
	}
	get phase(): RangePhase {
		return this.#phase;
	}
	get error(): string | null {
		return this.#error;
	}
	get paused(): boolean {
		return this.#paused;
	}
	/** What the rows are: live samples, raw history or buckets. */
	get mode(): ViewMode {
		return this.#mode;
	}
	/** Bucket width of bucketed history (ms). */
	get stepMs(): number | null {
		return this.#stepMs;
	}
	/** Rows held; changes with every merge. */
	get points(): number {
		return this.#points;
	}

	/** Merges live samples as they come; returns the cleanup (stops merging, aborts a fetch). */
	start(): () => void {
		const stop = this.live.series.onChange((inserted) => this.#onSamples(inserted));
		return () => {
			stop();
			this.#cancel();
		};
	}

	/**
	 * Shows `selection` (a selection equal to the one shown changes nothing). History waits
	 * until `liveReady`: the subscription's answer says how many cores the host has.
	 */
	select(selection: RangeSelection, liveReady: boolean): void {
		this.#liveReady = liveReady;
		const key = rangeKey(selection);
		if (key !== this.#key) {
			this.#key = key;
			this.#selection = selection;
			this.#load();
		} else if (liveReady && this.#deferred) {
			this.#deferred = false;
			this.#fetch(this.#window);
		}
	}

	/** Loads the current range again (after an error). */
	retry(): void {
		this.#load();
	}

	pause(): void {
		this.#paused = true;
	}

	resume(): void {
		if (!this.#paused) return;
		this.#paused = false;
		if (this.#phase === 'loading' || this.view.pending) return;
		if (!this.#window.live && !this.view.continues()) {
			// Paused longer than the host's recent samples reach back: history fills the hole.
			this.#refresh();
			return;
		}
		this.view.merge();
		this.#counted();
	}

	#load(): void {
		this.#cancel();
		const window = rangeWindow(this.#selection, this.options.now());
		this.#window = window;
		this.#error = null;
		this.#deferred = false;
		if (window.live) {
			this.view.showLive(window);
			this.view.merge();
			this.#phase = 'ready';
		} else {
			this.view.awaitHistory(window);
			this.#phase = 'loading';
			if (this.#liveReady) this.#fetch(window);
			else this.#deferred = true;
		}
		this.#counted();
	}

	/** Asks for the current range's history again, keeping the rows shown until it answers. */
	#refresh(): void {
		if (this.#abort || this.#deferred || this.#paused) return;
		this.#fetch(rangeWindow(this.#selection, this.options.now()));
	}

	#fetch(window: RangeWindow): void {
		this.#abort?.abort();
		const controller = new AbortController();
		this.#abort = controller;
		const request = { hostId: this.live.hostId, keys: this.#keys(), from: window.from, to: window.to };
		fetchSeries(request, controller.signal, this.options.fetch).then(
			(result) => {
				if (controller.signal.aborted) return;
				this.#abort = null;
				this.#window = window;
				this.view.showHistory(result, window);
				this.view.merge();
				this.view.takeLate();
				this.#phase = 'ready';
				this.#error = null;
				this.#counted();
			},
			(err: unknown) => {
				if (controller.signal.aborted) return;
				this.#abort = null;
				this.#phase = 'error';
				this.#error = err instanceof HistoryError ? err.message : 'the history could not be read';
			}
		);
	}

	#onSamples(inserted: readonly number[]): void {
		if (this.#paused || inserted.length === 0) return;
		if (this.view.merge(inserted)) this.#counted();
		if (this.view.takeLate() && this.#refreshTimer === undefined) {
			this.#refreshTimer = setTimeout(() => {
				this.#refreshTimer = undefined;
				this.#refresh();
			}, REFRESH_DELAY_MS);
		}
	}

	/** The series to ask for: the charted ones and one per core, within the API's limit. */
	#keys(): SeriesKey[] {
		const cores = Math.min(Math.max(this.live.info?.cpu.cores ?? 0, this.live.cores), MAX_METRICS - CHARTED_KEYS.length);
		return [...CHARTED_KEYS, ...Array.from({ length: cores }, (_, i) => coreKey(i))];
	}

	#cancel(): void {
		this.#abort?.abort();
		this.#abort = null;
		clearTimeout(this.#refreshTimer);
		this.#refreshTimer = undefined;
	}

	#counted(): void {
		this.#points = this.view.size;
		this.#mode = this.view.mode;
		this.#stepMs = this.view.stepMs;
	}
}
