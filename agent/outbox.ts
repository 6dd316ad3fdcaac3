import type { Sample } from '../src/lib/protocol/index.js';

/**
 * Samples not yet acknowledged by the server, oldest first, bounded: when full, the oldest
 * is dropped and counted (never silently). Batches are taken from the front and removed
 * only when the server acknowledges them.
 */
export class Outbox {
	private items: Sample[] = [];
	private head = 0;
	/** Samples dropped because the bound was reached. */
	dropped = 0;

	constructor(readonly capacity: number) {}

	get size(): number {
		return this.items.length - this.head;
	}

	push(sample: Sample): void {
		this.items.push(sample);
		if (this.size > this.capacity) {
			this.head++;
			this.dropped++;
		}
		this.compact();
	}

	/** The oldest `max` samples, still held until acknowledged. */
	peek(max: number): Sample[] {
		return this.items.slice(this.head, this.head + max);
	}

	/** Removes every held sample with `seq <= upToSeq` (the acknowledged batch and anything older). */
	acknowledge(upToSeq: number): void {
		while (this.head < this.items.length && this.items[this.head].seq <= upToSeq) this.head++;
		this.compact();
	}

	/** Reclaims the consumed prefix once it is large, keeping push and ack O(1) amortised. */
	private compact(): void {
		if (this.head > 1024 && this.head * 2 > this.items.length) {
			this.items = this.items.slice(this.head);
			this.head = 0;
		}
	}
}
