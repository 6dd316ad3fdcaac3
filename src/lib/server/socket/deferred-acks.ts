import { LIMITS } from '../../protocol/index.js';

/** What the deferred acks need of a socket: to send `agent:acked`. */
export interface AckTarget {
	id: string;
	emit(event: 'agent:acked', acked: { seqs: number[] }): unknown;
}

/**
 * Acknowledgements for batches an agent sent without a callback, gathered per connection and
 * sent as one `agent:acked` when the oldest has waited `LIMITS.deferredAckMs` or
 * `LIMITS.deferredAckSeqs` are waiting. Every packet costs a system call; at 1 Hz per agent
 * this turns one ack packet per sample into one every few seconds.
 */
export class DeferredAcks {
	private waiting = new Map<string, { target: AckTarget; seqs: number[]; since: number }>();

	add(target: AckTarget, seqs: readonly number[], now: number): void {
		let entry = this.waiting.get(target.id);
		if (!entry) {
			entry = { target, seqs: [], since: now };
			this.waiting.set(target.id, entry);
		}
		entry.seqs.push(...seqs);
		if (entry.seqs.length >= LIMITS.deferredAckSeqs) this.send(target.id, entry);
	}

	/** Sends what is due (or everything, with `all`). */
	flush(now: number, all = false): void {
		for (const [id, entry] of this.waiting) if (all || now - entry.since >= LIMITS.deferredAckMs) this.send(id, entry);
	}

	/** The connection closed: its unacknowledged samples will be sent again by the agent. */
	forget(id: string): void {
		this.waiting.delete(id);
	}

	get pendingConnections(): number {
		return this.waiting.size;
	}

	private send(id: string, entry: { target: AckTarget; seqs: number[] }): void {
		this.waiting.delete(id);
		entry.target.emit('agent:acked', { seqs: entry.seqs });
	}
}
