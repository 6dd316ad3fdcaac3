import type { Sample } from '../src/lib/protocol/index.js';
import type { Readings } from './collectors/types.js';

export interface SamplerOptions {
	hostId: string;
	intervalMs: number;
	collect: (now: number) => Promise<Readings>;
	onSample: (sample: Sample) => void;
	onError: (err: unknown) => void;
	/** First sequence number; later issues persist it so it grows across restarts. */
	firstSeq?: number;
	now?: () => number;
}

/**
 * Collects on a fixed grid (multiples of the interval, so hosts line up on charts). A tick
 * that comes while the previous collection still runs is skipped and counted, never queued.
 */
export class Sampler {
	private timer: NodeJS.Timeout | null = null;
	private busy = false;
	private seq: number;
	private lastDue = -Infinity;
	private readonly now: () => number;
	/** Ticks skipped because the previous collection was still running. */
	overruns = 0;

	constructor(private readonly opts: SamplerOptions) {
		this.seq = opts.firstSeq ?? 0;
		this.now = opts.now ?? Date.now;
	}

	get nextSeq(): number {
		return this.seq;
	}

	start(): void {
		if (this.timer === null) this.schedule();
	}

	stop(): void {
		if (this.timer !== null) clearTimeout(this.timer);
		this.timer = null;
	}

	private schedule(): void {
		const now = this.now();
		const interval = this.opts.intervalMs;
		// Timers run on a monotonic clock and may fire when the wall clock is a hair short of
		// `due`: never grid the same slot twice, or two samples would share a timestamp.
		const due = Math.max(Math.floor(now / interval) * interval + interval, this.lastDue + interval);
		this.lastDue = due;
		this.timer = setTimeout(() => void this.tick(due), Math.max(0, due - now));
	}

	private async tick(ts: number): Promise<void> {
		this.schedule();
		if (this.busy) {
			this.overruns++;
			return;
		}
		this.busy = true;
		try {
			const readings = await this.opts.collect(ts);
			this.opts.onSample({ host: this.opts.hostId, seq: this.seq++, ts, ...readings });
		} catch (err) {
			this.opts.onError(err);
		} finally {
			this.busy = false;
		}
	}
}
