import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Resource } from './resource.svelte';

/** A loader whose calls the test answers one by one. */
function controlledLoader() {
	const calls: { signal: AbortSignal; resolve: (v: number) => void; reject: (e: unknown) => void }[] = [];
	const load = (signal: AbortSignal) =>
		new Promise<number>((resolve, reject) => {
			calls.push({ signal, resolve, reject });
			signal.addEventListener('abort', () => reject(signal.reason));
		});
	return { calls, load };
}

describe('Resource', () => {
	beforeEach(() => {
		vi.useFakeTimers();
	});
	afterEach(() => {
		vi.useRealTimers();
	});

	it('loads on start, then again every interval after each answer, never two at once', async () => {
		const { calls, load } = controlledLoader();
		const resource = new Resource(load, { everyMs: 3_000 });
		const stop = resource.start();
		expect(calls).toHaveLength(1);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(calls).toHaveLength(1); // still waiting for the first answer
		calls[0].resolve(1);
		await vi.advanceTimersByTimeAsync(0);
		expect(resource.data).toBe(1);
		await vi.advanceTimersByTimeAsync(3_000);
		expect(calls).toHaveLength(2);
		stop();
	});

	it('stops every timer and aborts the request in flight on cleanup', async () => {
		const { calls, load } = controlledLoader();
		const resource = new Resource(load, { everyMs: 1_000 });
		const stop = resource.start();
		calls[0].resolve(1);
		await vi.advanceTimersByTimeAsync(1_000);
		expect(calls).toHaveLength(2);
		stop();
		expect(calls[1].signal.aborted).toBe(true);
		await vi.advanceTimersByTimeAsync(10_000);
		expect(calls).toHaveLength(2);
		expect(vi.getTimerCount()).toBe(0);
		await resource.refresh();
		expect(calls).toHaveLength(2);
	});

	it('a refresh drops the answer in flight, so an older answer never replaces a newer one', async () => {
		const { calls, load } = controlledLoader();
		const resource = new Resource(load);
		const stop = resource.start();
		void resource.refresh();
		expect(calls[0].signal.aborted).toBe(true);
		calls[1].resolve(2);
		calls[0].resolve(1);
		await vi.advanceTimersByTimeAsync(0);
		expect(resource.data).toBe(2);
		stop();
	});

	it('keeps the last data when a load fails, and clears the error after a success', async () => {
		const { calls, load } = controlledLoader();
		const resource = new Resource(load);
		const stop = resource.start();
		calls[0].resolve(1);
		await vi.advanceTimersByTimeAsync(0);
		void resource.refresh();
		calls[1].reject(new Error('the server could not be reached'));
		await vi.advanceTimersByTimeAsync(0);
		expect(resource.data).toBe(1);
		expect(resource.error).toBe('the server could not be reached');
		void resource.refresh();
		calls[2].resolve(3);
		await vi.advanceTimersByTimeAsync(0);
		expect(resource.error).toBeNull();
		expect(resource.data).toBe(3);
		stop();
	});

	it('without an interval loads only on start and refresh', async () => {
		const { calls, load } = controlledLoader();
		const stop = new Resource(load).start();
		calls[0].resolve(1);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(calls).toHaveLength(1);
		stop();
	});
});
