/**
 * Turns monotonically increasing counters (bytes, jiffies) into per-second rates. A counter
 * seen for the first time, or one that went backwards (reset, wrap, device replaced),
 * yields null rather than a made-up number.
 */
export class CounterRates {
	private previous = new Map<string, { value: number; at: number }>();

	/** Rate of `key` per second since its previous reading; null if unknown. */
	rate(key: string, value: number, atMs: number): number | null {
		const prev = this.previous.get(key);
		this.previous.set(key, { value, at: atMs });
		if (!prev || atMs <= prev.at || value < prev.value) return null;
		return ((value - prev.value) * 1000) / (atMs - prev.at);
	}

	/** Forgets counters not seen since `keep` was built (interfaces that disappeared). */
	retain(keep: Set<string>): void {
		for (const key of this.previous.keys()) if (!keep.has(key)) this.previous.delete(key);
	}
}
