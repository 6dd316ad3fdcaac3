import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Sample } from '../src/lib/protocol/index.js';
import { sample } from '../tests/fixtures/samples.js';
import type { Readings } from './collectors/types.js';
import { Sampler } from './sampler.js';

function readings(): Readings {
	const { host: _h, seq: _s, ts: _t, ...rest } = sample('h', 0, 0);
	return rest;
}

describe('Sampler', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.setSystemTime(10_250);
	});
	afterEach(() => vi.useRealTimers());

	it('samples on the interval grid with increasing sequence numbers', async () => {
		const got: Sample[] = [];
		const s = new Sampler({ hostId: 'h', intervalMs: 1_000, collect: async () => readings(), onSample: (x) => got.push(x), onError: () => {} });
		s.start();
		await vi.advanceTimersByTimeAsync(3_000);
		s.stop();
		expect(got.map((x) => [x.seq, x.ts])).toEqual([
			[0, 11_000],
			[1, 12_000],
			[2, 13_000]
		]);
		await vi.advanceTimersByTimeAsync(5_000);
		expect(got).toHaveLength(3);
	});

	it('skips ticks while a slow collection runs instead of queueing them', async () => {
		const got: Sample[] = [];
		let release: () => void = () => {};
		let calls = 0;
		const collect = () => {
			calls++;
			// The first collection hangs for 3.5 intervals; later ones are instant.
			return calls === 1 ? new Promise<Readings>((r) => (release = () => r(readings()))) : Promise.resolve(readings());
		};
		const s = new Sampler({ hostId: 'h', intervalMs: 1_000, collect, onSample: (x) => got.push(x), onError: () => {} });
		s.start();
		await vi.advanceTimersByTimeAsync(1_000); // tick at 11_000 starts and hangs
		await vi.advanceTimersByTimeAsync(3_000); // ticks at 12_000..14_000 are skipped
		expect(s.overruns).toBe(3);
		release();
		await vi.advanceTimersByTimeAsync(1_000); // tick at 15_000 runs
		s.stop();
		expect(calls).toBe(2);
		expect(got.map((x) => [x.seq, x.ts])).toEqual([
			[0, 11_000],
			[1, 15_000]
		]);
	});

	it('never gives two samples the same timestamp when the wall clock lags the timer', async () => {
		const got: Sample[] = [];
		// The wall clock reads 1 ms early at every tick, as it can against the monotonic timer clock.
		const s = new Sampler({ hostId: 'h', intervalMs: 1_000, collect: async () => readings(), onSample: (x) => got.push(x), onError: () => {}, now: () => Date.now() - 1 });
		s.start();
		await vi.advanceTimersByTimeAsync(3_000);
		s.stop();
		const ts = got.map((x) => x.ts);
		expect(new Set(ts).size).toBe(ts.length);
		expect(ts).toEqual([11_000, 12_000, 13_000]);
	});

	it('reports a failed collection and keeps sampling', async () => {
		const errors: unknown[] = [];
		const got: Sample[] = [];
		let n = 0;
		const collect = async () => {
			if (n++ === 0) throw new Error('boom');
			return readings();
		};
		const s = new Sampler({ hostId: 'h', intervalMs: 500, collect, onSample: (x) => got.push(x), onError: (e) => errors.push(e) });
		s.start();
		await vi.advanceTimersByTimeAsync(1_000);
		s.stop();
		expect(errors).toHaveLength(1);
		expect(got.map((x) => x.seq)).toEqual([0]);
	});
});
