import { describe, expect, it } from 'vitest';
import { sample } from '../../../../tests/fixtures/samples.js';
import { HostRing } from './host-ring.js';

const h = 'web-1';

describe('HostRing', () => {
	it('keeps samples in time order as columns', () => {
		const ring = new HostRing(10);
		for (let i = 0; i < 3; i++) expect(ring.insert(sample(h, i, 1000 * (i + 1)))).toBe('added');
		const w = ring.window(0);
		expect(w.ts).toEqual([1000, 2000, 3000]);
		expect(w.series.cpu).toEqual([0, 1, 2]);
		expect(w.series.diskWrite).toEqual([0, 2000, 4000]);
		expect(w.series.core1).toEqual([1, 2, 3]);
		expect(w.series.temp).toEqual([null, null, null]);
	});

	it('evicts the oldest when full and windows from a timestamp', () => {
		const ring = new HostRing(3);
		for (let i = 0; i < 5; i++) ring.insert(sample(h, i, 1000 * (i + 1)));
		expect(ring.size).toBe(3);
		expect(ring.window(0).ts).toEqual([3000, 4000, 5000]);
		expect(ring.window(4000).ts).toEqual([4000, 5000]);
		expect(ring.window(4001).ts).toEqual([5000]);
	});

	it('treats a repeated timestamp as a duplicate and leaves the data unchanged', () => {
		const ring = new HostRing(5);
		ring.insert(sample(h, 1, 1000));
		ring.insert(sample(h, 2, 2000));
		expect(ring.insert(sample(h, 9, 1000))).toBe('duplicate');
		expect(ring.window(0).series.cpu).toEqual([1, 2]);
	});

	it('inserts late samples (replay) at their place, across the wrap-around', () => {
		const ring = new HostRing(4);
		for (const ts of [1000, 2000, 5000, 6000]) ring.insert(sample(h, ts / 1000, ts));
		// Full and wrapped: inserting 3000 evicts 1000 and lands between 2000 and 5000.
		expect(ring.insert(sample(h, 3, 3000))).toBe('added');
		expect(ring.window(0).ts).toEqual([2000, 3000, 5000, 6000]);
		expect(ring.window(0).series.cpu).toEqual([2, 3, 5, 6]);
		// Older than everything held while full: outside the window, not kept.
		expect(ring.insert(sample(h, 1, 1000))).toBe('too_old');
		expect(ring.window(0).ts).toEqual([2000, 3000, 5000, 6000]);
	});

	it('allocates on demand, and a raised limit keeps every row in order', () => {
		const ring = new HostRing(3, 2);
		expect(ring.allocatedRows).toBe(2);
		for (let i = 0; i < 5; i++) ring.insert(sample(h, i, 1000 * (i + 1)));
		expect(ring.allocatedRows).toBe(3);
		expect(ring.window(0).ts).toEqual([3000, 4000, 5000]);
		ring.raiseLimit(6);
		ring.insert(sample(h, 5, 6000));
		ring.insert(sample(h, 6, 7000));
		expect(ring.allocatedRows).toBe(6);
		expect(ring.window(0).ts).toEqual([3000, 4000, 5000, 6000, 7000]);
		expect(ring.window(0).series.core0).toEqual([2, 3, 4, 5, 6]);
		// A late sample into a wrapped, growing ring still lands at its place.
		ring.insert(sample(h, 9, 5500));
		expect(ring.window(0).ts).toEqual([3000, 4000, 5000, 5500, 6000, 7000]);
	});

	it('reads values back at their decimals, without float32 noise', () => {
		const ring = new HostRing(2);
		const s = sample(h, 1, 1000);
		s.cpu.total = 12.3;
		s.load = [0.07, 1.1, 2.55];
		s.mem.used = 123_456_789;
		ring.insert(s);
		const w = ring.window(0);
		expect(w.series.cpu).toEqual([12.3]);
		expect(w.series.load1).toEqual([0.07]);
		expect(w.series.load15).toEqual([2.55]);
		// float32 keeps ~7 significant digits of a byte count.
		expect(Math.abs(w.series.memUsed![0]! - 123_456_789)).toBeLessThanOrEqual(8);
	});

	it('gives the sparkline the last CPU values', () => {
		const ring = new HostRing(10);
		for (let i = 0; i < 6; i++) ring.insert(sample(h, i * 11, 1000 * (i + 1)));
		expect(ring.tailCpu(3)).toEqual([33, 44, 55]);
	});
});
