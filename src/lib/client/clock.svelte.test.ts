import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServerClock } from './clock.svelte';

describe('ServerClock', () => {
	beforeEach(() => {
		vi.useFakeTimers();
		vi.setSystemTime(1_000_000);
	});
	afterEach(() => vi.useRealTimers());

	it('ticks every second, shifted by the server offset', () => {
		const clock = new ServerClock();
		clock.sync(1_005_000); // the server is 5 s ahead
		const stop = clock.start();
		expect(clock.now).toBe(1_005_000);
		vi.advanceTimersByTime(1_000);
		expect(clock.now).toBe(1_006_000);
		stop();
	});

	it('stops ticking after cleanup', () => {
		const clock = new ServerClock();
		const stop = clock.start();
		vi.advanceTimersByTime(2_000);
		const frozen = clock.now;
		stop();
		vi.advanceTimersByTime(5_000);
		expect(clock.now).toBe(frozen);
		expect(vi.getTimerCount()).toBe(0);
	});
});
