import { describe, expect, it } from 'vitest';
import { CounterRates } from './counter-rates.js';

describe('CounterRates', () => {
	it('is null on the first reading, then a per-second rate', () => {
		const r = new CounterRates();
		expect(r.rate('eth0', 1_000, 10_000)).toBeNull();
		expect(r.rate('eth0', 3_000, 12_000)).toBe(1_000);
		expect(r.rate('eth0', 3_500, 12_500)).toBe(1_000);
	});

	it('is null when a counter goes backwards or time does not advance', () => {
		const r = new CounterRates();
		r.rate('c', 5_000, 1_000);
		expect(r.rate('c', 100, 2_000)).toBeNull();
		expect(r.rate('c', 200, 3_000)).toBe(100);
		expect(r.rate('c', 300, 3_000)).toBeNull();
	});

	it('forgets counters that are no longer reported', () => {
		const r = new CounterRates();
		r.rate('a', 1, 1_000);
		r.rate('b', 1, 1_000);
		r.retain(new Set(['a']));
		expect(r.rate('a', 2, 2_000)).toBe(1);
		expect(r.rate('b', 2, 2_000)).toBeNull();
	});
});
