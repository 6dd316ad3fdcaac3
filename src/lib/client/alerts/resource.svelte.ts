/** How a {@link Resource} loads: must reject with the signal's reason when aborted. */
export type Loader<T> = (signal: AbortSignal) => Promise<T>;

export interface ResourceOptions {
	/** Load again this long after each answer; absent: only on start and refresh(). */
	everyMs?: number;
}

/**
 * Data fetched over HTTP for as long as a page shows it: loaded on start, again on refresh()
 * (after a change the page made) and, if asked, every few seconds. One request at a time — a
 * refresh aborts the one in flight, so an older answer never overwrites a newer one — and the
 * next is scheduled only after an answer, so a slow server is never asked twice at once.
 * Polling pauses while the tab is hidden and catches up when it shows again.
 */
export class Resource<T> {
	#data = $state.raw<T | null>(null);
	#error = $state<string | null>(null);
	#loading = $state(false);
	#running = false;
	#controller: AbortController | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;

	constructor(
		private readonly load: Loader<T>,
		private readonly options: ResourceOptions = {}
	) {}

	/** The last answer; kept while a refresh is under way or failed, so the page does not blink. */
	get data(): T | null {
		return this.#data;
	}
	/** Why the last load failed; null after a success. */
	get error(): string | null {
		return this.#error;
	}
	get loading(): boolean {
		return this.#loading;
	}

	/** Loads now and keeps it fresh; returns the cleanup, which stops every timer and request. */
	start(): () => void {
		this.#running = true;
		const onVisible = () => {
			if (!document.hidden && this.options.everyMs !== undefined) void this.refresh();
		};
		const hasDocument = typeof document !== 'undefined';
		if (hasDocument) document.addEventListener('visibilitychange', onVisible);
		void this.refresh();
		return () => {
			this.#running = false;
			if (hasDocument) document.removeEventListener('visibilitychange', onVisible);
			this.#clearTimer();
			this.#controller?.abort();
			this.#controller = null;
		};
	}

	/** Loads now (dropping any load in flight); resolves once this load has settled. */
	async refresh(): Promise<void> {
		if (!this.#running) return;
		this.#clearTimer();
		this.#controller?.abort();
		const controller = new AbortController();
		this.#controller = controller;
		this.#loading = true;
		try {
			const data = await this.load(controller.signal);
			if (controller.signal.aborted) return;
			this.#data = data;
			this.#error = null;
		} catch (err) {
			if (controller.signal.aborted) return;
			this.#error = err instanceof Error ? err.message : String(err);
		}
		this.#loading = false;
		this.#controller = null;
		this.#schedule();
	}

	#schedule(): void {
		const every = this.options.everyMs;
		if (every === undefined || !this.#running) return;
		// A hidden tab is not asked: visibilitychange refreshes when it shows again.
		if (typeof document !== 'undefined' && document.hidden) return;
		this.#timer = setTimeout(() => void this.refresh(), every);
	}

	#clearTimer(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = null;
	}
}
