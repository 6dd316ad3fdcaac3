/**
 * Runs an async reading at most once per period, in the background, never overlapping
 * itself; the caller takes each fresh result once.
 */
export class Periodic<T> {
	private inFlight = false;
	private lastStart = -Infinity;
	private fresh: { value: T } | null = null;

	constructor(
		private readonly periodMs: number,
		private readonly read: () => Promise<T>,
		private readonly onError: (err: unknown) => void
	) {}

	/** Starts a reading if the period has passed and none is running. */
	poll(now: number): void {
		if (this.inFlight || now - this.lastStart < this.periodMs) return;
		this.inFlight = true;
		this.lastStart = now;
		this.read()
			.then((value) => {
				this.fresh = { value };
			})
			.catch(this.onError)
			.finally(() => {
				this.inFlight = false;
			});
	}

	/** The result finished since the last call, if any. */
	take(): T | undefined {
		const fresh = this.fresh;
		this.fresh = null;
		return fresh?.value;
	}
}
