import { describe, expect, it } from 'vitest';
import { sample } from '../tests/fixtures/samples.js';
import { Outbox } from './outbox.js';

describe('Outbox', () => {
	it('hands out the oldest samples and removes them only when acknowledged', () => {
		const box = new Outbox(10);
		for (let i = 0; i < 5; i++) box.push(sample('h', i, i));
		expect(box.peek(2).map((s) => s.seq)).toEqual([0, 1]);
		expect(box.peek(2).map((s) => s.seq)).toEqual([0, 1]);
		box.acknowledge(1);
		expect(box.size).toBe(3);
		expect(box.peek(10).map((s) => s.seq)).toEqual([2, 3, 4]);
	});

	it('drops the oldest when full and counts every drop', () => {
		const box = new Outbox(3);
		for (let i = 0; i < 7; i++) box.push(sample('h', i, i));
		expect(box.size).toBe(3);
		expect(box.dropped).toBe(4);
		expect(box.peek(10).map((s) => s.seq)).toEqual([4, 5, 6]);
	});

	it('stays correct across compaction of a long history', () => {
		const box = new Outbox(5_000);
		for (let i = 0; i < 4_000; i++) box.push(sample('h', i, i));
		box.acknowledge(2_999);
		for (let i = 4_000; i < 4_010; i++) box.push(sample('h', i, i));
		expect(box.size).toBe(1_010);
		expect(box.peek(1)[0].seq).toBe(3_000);
		box.acknowledge(4_009);
		expect(box.size).toBe(0);
	});
});
