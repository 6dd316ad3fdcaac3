import { describe, expect, it } from 'vitest';
import type { Sample } from '../src/lib/protocol/index.js';
import { sample } from '../tests/fixtures/samples.js';
import { Outbox, type OutboxJournal } from './outbox.js';

const seqs = (samples: Sample[]) => samples.map((s) => s.seq);

class RecordingJournal implements OutboxJournal {
	added_: number[] = [];
	removed_: number[] = [];
	added(s: Sample) {
		this.added_.push(s.seq);
	}
	removed(list: readonly number[]) {
		this.removed_.push(...list);
	}
}

describe('Outbox', () => {
	it('hands out the backlog oldest first, skipping what is in flight', () => {
		const box = new Outbox(10);
		for (let i = 0; i < 5; i++) box.push(sample('h', i, i));
		box.send([sample('h', 4, 4)]); // the live lane sent the newest
		expect(seqs(box.backlog(2))).toEqual([0, 1]);
		box.send(box.backlog(2));
		expect(seqs(box.backlog(10))).toEqual([2, 3]);
		expect(box.isSendable(sample('h', 4, 4))).toBe(false);
	});

	it('removes exactly the acknowledged samples, in any order', () => {
		const box = new Outbox(10);
		for (let i = 0; i < 5; i++) box.push(sample('h', i, i));
		box.acknowledge([4, 1], 10);
		expect(box.size).toBe(3);
		expect(seqs(box.backlog(10))).toEqual([0, 2, 3]);
	});

	it('puts an unacknowledged batch back into the backlog', () => {
		const box = new Outbox(10);
		for (let i = 0; i < 3; i++) box.push(sample('h', i, i));
		const batch = box.backlog(3);
		box.send(batch);
		expect(box.backlog(3)).toEqual([]);
		box.unsent(batch.slice(1).map((s) => s.seq));
		expect(seqs(box.backlog(3))).toEqual([1, 2]);
		box.resetInFlight();
		expect(seqs(box.backlog(3))).toEqual([0, 1, 2]);
	});

	it('drops the oldest when full, counts every drop and journals it', () => {
		const journal = new RecordingJournal();
		const box = new Outbox(3, 30_000, journal);
		for (let i = 0; i < 7; i++) box.push(sample('h', i, i));
		expect(box.size).toBe(3);
		expect(box.dropped).toBe(4);
		expect(seqs(box.backlog(10))).toEqual([4, 5, 6]);
		expect(journal.added_).toEqual([0, 1, 2, 3, 4, 5, 6]);
		expect(journal.removed_).toEqual([0, 1, 2, 3]);
	});

	it('sends recent acknowledged samples again after a server restart, not older ones', () => {
		const box = new Outbox(100, 10_000);
		for (let i = 0; i < 4; i++) box.push(sample('h', i, i * 5_000));
		box.acknowledge(seqs(box.backlog(4)), 16_000);
		expect(box.size).toBe(0);
		box.push(sample('h', 4, 20_000));
		// At 21 s, samples newer than 11 s are "recent": 3 (15 s); 2 (10 s) and older are not.
		expect(box.redeliverRecent(21_000)).toBe(1);
		expect(seqs(box.backlog(10))).toEqual([3, 4]);
		expect(box.redeliverRecent(21_000)).toBe(0);
	});
});
