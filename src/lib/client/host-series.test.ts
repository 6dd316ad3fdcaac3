import { describe, expect, it } from 'vitest';
import type { Sample } from '$lib/protocol/schemas';
import { SERIES_KEYS, type SeriesWindow } from '$lib/protocol/series';
import { HostSeries } from './host-series';

function sample(ts: number, cpu: number, cores: number[] = [cpu, cpu]): Sample {
	return {
		host: 'web-1',
		seq: ts,
		ts,
		cpu: { total: cpu, user: cpu / 2, system: cpu / 4, cores },
		load: [1, 0.5, 0.25],
		mem: { total: 8e9, used: 4e9, available: 4e9, swapTotal: 1e9, swapUsed: 0 },
		disk: { readBps: 100, writeBps: 200 },
		net: { rxBps: null, txBps: 10, ifaces: [] },
		temp: null,
		uptime: 100
	};
}

/** A window as the server sends it: one column per key, with the given CPU values. */
function windowOf(rows: [ts: number, cpu: number][]): SeriesWindow {
	const series: SeriesWindow['series'] = {};
	for (const key of SERIES_KEYS) series[key] = rows.map(() => 1);
	series.cpu = rows.map(([, cpu]) => cpu);
	series.core0 = rows.map(([, cpu]) => cpu);
	series.netRx = rows.map(() => null);
	return { ts: rows.map(([ts]) => ts), series };
}

const ys = (series: HostSeries, key: Parameters<HostSeries['column']>[0]) => series.column(key).map((p) => p.y);

describe('HostSeries', () => {
	it('appends live samples in order, with one point per key and null for unknown values', () => {
		const s = new HostSeries(60_000);
		s.addSample(sample(1_000, 10));
		s.addSample(sample(2_000, 20));
		expect(s.ts).toEqual([1_000, 2_000]);
		expect(s.column('cpu')).toEqual([
			{ x: 1_000, y: 10 },
			{ x: 2_000, y: 20 }
		]);
		expect(ys(s, 'netRx')).toEqual([null, null]);
		expect(ys(s, 'diskWrite')).toEqual([200, 200]);
		expect(s.coreCount).toBe(2);
		expect(ys(s, 'core1')).toEqual([10, 20]);
	});

	it('drops a sample whose timestamp is already held (the history/live seam)', () => {
		const s = new HostSeries(60_000);
		expect(s.addWindow(windowOf([[1_000, 10], [2_000, 20], [3_000, 30]]))).toBe(3);
		expect(s.addSample(sample(3_000, 99))).toBe(false);
		expect(s.addSample(sample(4_000, 40))).toBe(true);
		expect(ys(s, 'cpu')).toEqual([10, 20, 30, 40]);
		expect(s.newestTs).toBe(4_000);
	});

	it('merges a window after buffered live samples without duplicates or gaps', () => {
		const s = new HostSeries(60_000);
		s.addSample(sample(3_000, 30));
		s.addSample(sample(4_000, 40));
		expect(s.addWindow(windowOf([[1_000, 10], [2_000, 20], [3_000, 30]]))).toBe(2);
		expect(s.ts).toEqual([1_000, 2_000, 3_000, 4_000]);
		expect(ys(s, 'cpu')).toEqual([10, 20, 30, 40]);
		expect(ys(s, 'core0')).toEqual([10, 20, 30, 40]);
	});

	it('inserts late (replayed) samples at their place in time', () => {
		const s = new HostSeries(60_000);
		s.addSample(sample(1_000, 10));
		s.addSample(sample(4_000, 40));
		s.addSample(sample(3_000, 30));
		s.addSample(sample(2_000, 20));
		expect(s.ts).toEqual([1_000, 2_000, 3_000, 4_000]);
		expect(s.column('load1').map((p) => p.x)).toEqual([1_000, 2_000, 3_000, 4_000]);
	});

	it('trims what falls out of the window and refuses samples older than it', () => {
		const s = new HostSeries(2_000);
		for (let t = 1_000; t <= 5_000; t += 1_000) s.addSample(sample(t, t / 100));
		expect(s.ts).toEqual([3_000, 4_000, 5_000]);
		expect(s.column('cpu')).toHaveLength(3);
		expect(s.addSample(sample(2_500, 1))).toBe(false);
		expect(s.ts).toEqual([3_000, 4_000, 5_000]);
	});

	it('fills a core that appears later with gaps before it', () => {
		const s = new HostSeries(60_000);
		s.addSample(sample(1_000, 10, [10]));
		s.addSample(sample(2_000, 20, [20, 21]));
		expect(s.coreCount).toBe(2);
		expect(ys(s, 'core1')).toEqual([null, 21]);
	});

	it('keeps the arrays it handed out: clear and trim mutate them in place', () => {
		const s = new HostSeries(60_000);
		const cpu = s.column('cpu');
		s.addSample(sample(1_000, 10));
		expect(cpu).toHaveLength(1);
		s.clear();
		expect(cpu).toHaveLength(0);
		expect(s.column('cpu')).toBe(cpu);
	});

	it('notifies listeners on change only, and stops after unsubscribing', () => {
		const s = new HostSeries(60_000);
		let calls = 0;
		const stop = s.onChange(() => calls++);
		s.addSample(sample(1_000, 10));
		s.addSample(sample(1_000, 10));
		s.addWindow(windowOf([[1_000, 10]]));
		expect(calls).toBe(1);
		stop();
		s.addSample(sample(2_000, 10));
		expect(calls).toBe(1);
	});
});

describe('HostSeries change listeners', () => {
	it('are told which timestamps were inserted', () => {
		const s = new HostSeries(60_000);
		const seen: number[][] = [];
		s.onChange((inserted) => seen.push([...inserted]));
		s.addSample(sample(2_000, 20));
		s.addWindow(windowOf([[1_000, 10], [2_000, 20], [3_000, 30]]));
		expect(seen).toEqual([[2_000], [1_000, 3_000]]);
	});
});
