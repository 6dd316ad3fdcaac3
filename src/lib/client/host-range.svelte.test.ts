import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SeriesQueryResult } from '$lib/protocol/api';
import type { Sample } from '$lib/protocol/schemas';
import { HostRange, REFRESH_DELAY_MS, type LiveRows } from './host-range.svelte';
import { HostSeries } from './host-series';
import type { RangeSelection } from './time-range';

const NOW = 10_000_000;
const HOUR = 3_600_000;

function sample(ts: number, cpu = ts / 1000): Sample {
	return {
		host: 'web-1',
		seq: ts,
		ts,
		cpu: { total: cpu, user: 0, system: 0, cores: [cpu, cpu] },
		load: [0, 0, 0],
		mem: { total: 100, used: 50, available: 50, swapTotal: 0, swapUsed: 0 },
		disk: null,
		net: { rxBps: null, txBps: null, ifaces: [] },
		temp: null,
		uptime: 1
	};
}

/** A fetch the test answers by hand; records every request. */
class FakeFetch {
	calls: { url: URL; signal: AbortSignal; answer: (status: number, body: unknown) => void }[] = [];
	fetch: typeof fetch = (input, init) =>
		new Promise((resolve, reject) => {
			const signal = init!.signal!;
			signal.addEventListener('abort', () => reject(signal.reason));
			this.calls.push({
				url: new URL(String(input), 'http://pulse'),
				signal,
				answer: (status, body) => resolve(new Response(JSON.stringify(body), { status }))
			});
		});
	last() {
		return this.calls[this.calls.length - 1];
	}
}

function bucketed(ts: number[], avg: number[]): SeriesQueryResult {
	return {
		hostId: 'web-1',
		from: NOW - HOUR,
		to: NOW,
		tier: 'raw',
		mode: 'bucketed',
		stepMs: 4_000,
		ts,
		series: { cpu: { min: avg, avg, max: avg } }
	};
}

/** Lets the fetch's promise chain run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(rows: number[] = []) {
	const series = new HostSeries(15 * 60_000);
	for (const t of rows) series.addSample(sample(t));
	const live: LiveRows = { hostId: 'web-1', series, info: null, cores: 2, phase: 'ready' };
	const fake = new FakeFetch();
	const range = new HostRange(live, { now: () => NOW, fetch: fake.fetch });
	const stop = range.start();
	const cpu = () => range.view.column('cpu').line.map((p) => p.x);
	range.view.column('cpu');
	return { series, fake, range, stop, cpu };
}

const ONE_HOUR: RangeSelection = { preset: '1h', zoom: null };
const LIVE: RangeSelection = { preset: 'live', zoom: null };

afterEach(() => {
	vi.useRealTimers();
});

describe('HostRange', () => {
	it('shows the live range from the host samples alone, without asking for history', () => {
		const { series, fake, range, cpu } = setup([NOW - 2_000, NOW - 1_000]);
		range.select(LIVE, true);
		expect(fake.calls).toHaveLength(0);
		expect(range.mode).toBe('live');
		series.addSample(sample(NOW));
		expect(cpu()).toEqual([NOW - 2_000, NOW - 1_000, NOW]);
		expect(range.points).toBe(3);
	});

	it('asks for an hour of history once the subscription answered, with every charted series', async () => {
		const { fake, range, cpu } = setup([NOW - 5_000, NOW - 1_000, NOW]);
		range.select(ONE_HOUR, false);
		expect(fake.calls).toHaveLength(0);
		expect(range.phase).toBe('loading');
		range.select(ONE_HOUR, true);
		range.select(ONE_HOUR, true);
		expect(fake.calls).toHaveLength(1);
		const params = fake.last().url.searchParams;
		expect(fake.last().url.pathname).toBe('/api/hosts/web-1/series');
		expect(Number(params.get('to')) - Number(params.get('from'))).toBe(HOUR);
		expect(params.get('metrics')!.split(',')).toEqual(expect.arrayContaining(['cpu', 'memUsed', 'netRx', 'diskWrite', 'load15', 'core0', 'core1']));

		fake.last().answer(200, bucketed([NOW - 8_000, NOW - 4_000], [10, 20]));
		await settle();
		expect(range.phase).toBe('ready');
		expect(range.mode).toBe('bucketed');
		expect(range.stepMs).toBe(4_000);
		// Live samples reach back past the newest bucket's start (4 s ago): they take over from it.
		expect(cpu()).toEqual([NOW - 8_000, NOW - 1_000, NOW]);
	});

	it('aborts the request in flight when the range changes, and ignores its answer', async () => {
		const { fake, range } = setup();
		range.select(ONE_HOUR, true);
		const first = fake.last();
		range.select({ preset: '24h', zoom: null }, true);
		expect(first.signal.aborted).toBe(true);
		expect(fake.calls).toHaveLength(2);
		first.answer(200, bucketed([NOW - 8_000], [99]));
		await settle();
		expect(range.phase).toBe('loading');
		range.select(LIVE, true);
		expect(fake.last().signal.aborted).toBe(true);
		expect(range.phase).toBe('ready');
	});

	it('shows a refusal, and asks again on retry', async () => {
		const { fake, range } = setup();
		range.select(ONE_HOUR, true);
		fake.last().answer(400, { error: 'bad_request', details: 'from: bad' });
		await settle();
		expect(range.phase).toBe('error');
		expect(range.error).toBe('bad_request: from: bad');
		range.retry();
		expect(fake.calls).toHaveLength(2);
		expect(range.phase).toBe('loading');
		expect(range.error).toBeNull();
	});

	it('holds still while paused and applies what came meanwhile on resume', () => {
		const { series, range, cpu } = setup([NOW - 1_000]);
		range.select(LIVE, true);
		range.pause();
		series.addSample(sample(NOW));
		series.addSample(sample(NOW + 1_000));
		expect(cpu()).toEqual([NOW - 1_000]);
		range.resume();
		expect(range.paused).toBe(false);
		expect(cpu()).toEqual([NOW - 1_000, NOW, NOW + 1_000]);
	});

	it('asks for history again on resume when the pause outlasted the host samples', async () => {
		const { series, fake, range } = setup([NOW]);
		range.select(ONE_HOUR, true);
		fake.last().answer(200, bucketed([NOW - 8_000], [10]));
		await settle();
		range.pause();
		// The host's series keeps 15 minutes: a longer pause leaves nothing to continue from.
		const later = NOW + 20 * 60_000;
		series.addSample(sample(later));
		expect(series.ts).toEqual([later]);
		range.resume();
		expect(fake.calls).toHaveLength(2);
	});

	it('asks for history again when samples come too late for their bucket', async () => {
		const { series, fake, range } = setup([NOW - 2_000, NOW - 1_000]);
		range.select(ONE_HOUR, true);
		fake.last().answer(200, bucketed([NOW - 12_000, NOW - 8_000], [10, 20]));
		await settle();
		vi.useFakeTimers();
		series.addSample(sample(NOW - 10_000));
		series.addSample(sample(NOW - 9_000));
		expect(fake.calls).toHaveLength(1);
		vi.advanceTimersByTime(REFRESH_DELAY_MS);
		expect(fake.calls).toHaveLength(2);
		// Rows stay on screen while the new answer is on its way.
		expect(range.view.size).toBeGreaterThan(0);
	});

	it('stops merging and aborts on cleanup', () => {
		const { series, fake, range, stop, cpu } = setup();
		range.select(LIVE, true);
		series.addSample(sample(NOW));
		range.select(ONE_HOUR, true);
		stop();
		expect(fake.last().signal.aborted).toBe(true);
		range.select(LIVE, true);
		series.addSample(sample(NOW + 1_000));
		expect(cpu()).toEqual([NOW]);
	});
});
