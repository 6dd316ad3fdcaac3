import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../protocol/index.js';
import { DeferredAcks } from './deferred-acks.js';

function target(id: string) {
	const sent: number[][] = [];
	return { id, sent, emit: (_event: 'agent:acked', acked: { seqs: number[] }) => sent.push(acked.seqs) };
}

describe('DeferredAcks', () => {
	it('sends one ack per connection once the oldest seq has waited long enough', () => {
		const acks = new DeferredAcks();
		const a = target('a');
		const b = target('b');
		acks.add(a, [1], 0);
		acks.add(a, [2], 1_000);
		acks.add(b, [7], 3_000);
		acks.flush(LIMITS.deferredAckMs - 1);
		expect(a.sent).toEqual([]);
		acks.flush(LIMITS.deferredAckMs);
		expect(a.sent).toEqual([[1, 2]]);
		expect(b.sent).toEqual([]);
		acks.flush(3_000 + LIMITS.deferredAckMs);
		expect(b.sent).toEqual([[7]]);
		acks.flush(100_000);
		expect(a.sent).toHaveLength(1);
	});

	it('sends at once when enough seqs wait, and forgets closed connections', () => {
		const acks = new DeferredAcks();
		const a = target('a');
		acks.add(a, Array.from({ length: LIMITS.deferredAckSeqs }, (_, i) => i), 0);
		expect(a.sent[0]).toHaveLength(LIMITS.deferredAckSeqs);
		const b = target('b');
		acks.add(b, [1], 0);
		acks.forget('b');
		acks.flush(0, true);
		expect(b.sent).toEqual([]);
		expect(acks.pendingConnections).toBe(0);
	});
});
