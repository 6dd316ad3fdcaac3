import type { Sample } from '../src/lib/protocol/index.js';

/** Where the outbox records what it holds, so an agent restart loses nothing (see Spool). */
export interface OutboxJournal {
	added(sample: Sample): void;
	removed(seqs: readonly number[]): void;
}

/**
 * Samples the server has not acknowledged, bounded: when full, the oldest is dropped and
 * counted (never silently). Samples are removed by sequence number when acknowledged, so
 * the live lane (newest sample at once) and the replay lane (backlog, oldest first) can
 * have batches in flight at the same time. Acknowledged samples are also kept for a short
 * while (`recentMs`) so they can be sent again to a server that restarted before writing
 * them down; the server drops what it already has.
 */
export class Outbox {
	/** Unacknowledged samples by seq, in insertion (= seq) order. */
	private pending = new Map<number, Sample>();
	private inFlight = new Set<number>();
	private recent: Sample[] = [];
	/** Samples dropped because the bound was reached, since this agent started. */
	dropped = 0;

	constructor(
		readonly capacity: number,
		private readonly recentMs = 30_000,
		private readonly journal: OutboxJournal | null = null
	) {}

	get size(): number {
		return this.pending.size;
	}

	/** Restores samples read back from the journal (no journal writes). */
	restore(samples: Iterable<Sample>): void {
		for (const s of samples) this.pending.set(s.seq, s);
		this.trim();
	}

	push(sample: Sample): void {
		this.pending.set(sample.seq, sample);
		this.journal?.added(sample);
		this.trim();
	}

	/** Marks a batch as sent and awaiting its ack. */
	send(batch: readonly Sample[]): void {
		for (const s of batch) this.inFlight.add(s.seq);
	}

	/** The batch's ack did not come (timeout, disconnect): its samples go back to the backlog. */
	unsent(seqs: readonly number[]): void {
		for (const seq of seqs) this.inFlight.delete(seq);
	}

	/** Everything in flight goes back to the backlog (the connection dropped). */
	resetInFlight(): void {
		this.inFlight.clear();
	}

	/** The server has these samples: forget them (but remember them for `recentMs`). */
	acknowledge(seqs: readonly number[], now: number): void {
		const removed: number[] = [];
		for (const seq of seqs) {
			this.inFlight.delete(seq);
			const s = this.pending.get(seq);
			if (s) {
				this.pending.delete(seq);
				removed.push(seq);
				this.recent.push(s);
			}
		}
		if (removed.length > 1) this.recent.sort((a, b) => a.ts - b.ts);
		if (removed.length > 0) this.journal?.removed(removed);
		this.expireRecent(now);
	}

	/** The oldest samples neither acknowledged nor in flight (the replay lane's next batch). */
	backlog(max: number): Sample[] {
		const out: Sample[] = [];
		for (const [seq, s] of this.pending) {
			if (out.length === max) break;
			if (!this.inFlight.has(seq)) out.push(s);
		}
		return out;
	}

	/** Whether this sample still awaits sending (not acknowledged, not in flight). */
	isSendable(sample: Sample): boolean {
		return this.pending.has(sample.seq) && !this.inFlight.has(sample.seq);
	}

	/**
	 * Puts recently acknowledged samples back into the backlog: the server restarted and
	 * may have lost what it had not yet written to disk.
	 */
	redeliverRecent(now: number): number {
		this.expireRecent(now);
		const again = this.recent.filter((s) => !this.pending.has(s.seq));
		this.recent = [];
		for (const s of again) this.pending.set(s.seq, s);
		if (again.length > 0) this.reorder();
		this.trim();
		return again.length;
	}

	/** All unacknowledged samples, oldest first (for compaction of the journal). */
	snapshot(): Sample[] {
		return [...this.pending.values()];
	}

	private trim(): void {
		while (this.pending.size > this.capacity) {
			const [oldest] = this.pending.keys();
			this.pending.delete(oldest);
			this.inFlight.delete(oldest);
			this.dropped++;
			this.journal?.removed([oldest]);
		}
	}

	private expireRecent(now: number): void {
		let keep = 0;
		while (keep < this.recent.length && this.recent[keep].ts < now - this.recentMs) keep++;
		if (keep > 0) this.recent = this.recent.slice(keep);
	}

	/** Restores seq order after older samples were put back behind newer ones. */
	private reorder(): void {
		this.pending = new Map([...this.pending.entries()].sort((a, b) => a[0] - b[0]));
	}
}
