import { describe, expect, it } from 'vitest';
import type { SeriesQueryResult } from '$lib/protocol/api';
import type { Sample } from '$lib/protocol/schemas';
import { HostSeries } from './host-series';
import { BUCKET_GRACE_MS, foldBucket, RangeSeries } from './range-series';
import type { RangeWindow } from './time-range';

function sample(ts: number, cpu: number): Sample {
	return {
		host: 'web-1',
		seq: ts,
		ts,
		cpu: { total: cpu, user: 0, system: 0, cores: [cpu] },
		load: [0, 0, 0],
		mem: { total: 100, used: 50, available: 50, swapTotal: 0, swapUsed: 0 },
		disk: null,
		net: { rxBps: null, txBps: null, ifaces: [] },
		temp: null,
		uptime: 1
	};
}

/** A host's raw rows with CPU = ts / 1000 (so a row's value says where it came from). */
function source(...ts: number[]): HostSeries {
	const series = new HostSeries(3_600_000);
	for (const t of ts) series.addSample(sample(t, t / 1000));
	return series;
}

const following = (from: number, to: number): RangeWindow => ({ from, to, spanMs: to - from, follows: true, live: false });
/** The last hour up to `to`. */
const lastHour = (to: number): RangeWindow => following(to - 3_600_000, to);
const fixed = (from: number, to: number): RangeWindow => ({ from, to, spanMs: to - from, follows: false, live: false });
const live = (to: number, spanMs: number): RangeWindow => ({ from: to - spanMs, to, spanMs, follows: true, live: true });

function raw(ts: number[], cpu: (number | null)[]): SeriesQueryResult {
	return { hostId: 'web-1', from: 0, to: 0, tier: 'raw', mode: 'raw', stepMs: null, ts, series: { cpu } };
}

/** Buckets of `stepMs` with CPU min = avg − 1, max = avg + 1, answered at `to`. */
function buckets(stepMs: number, ts: number[], avg: number[], to = ts[ts.length - 1] + 1_000): SeriesQueryResult {
	return {
		hostId: 'web-1',
		from: 0,
		to,
		tier: 'raw',
		mode: 'bucketed',
		stepMs,
		ts,
		series: { cpu: { min: avg.map((v) => v - 1), avg, max: avg.map((v) => v + 1) } }
	};
}

const xs = (view: RangeSeries) => [...view.ts];
/** A view of `rows`, showing `window` live. */
const liveView = (rows: HostSeries, window: RangeWindow) => {
	const view = new RangeSeries(rows, window);
	view.column('cpu');
	view.showLive(window);
	view.merge();
	return view;
};
const line = (view: RangeSeries) => view.column('cpu').line.map((p) => p.y);

describe('RangeSeries, live', () => {
	it('takes raw rows once each, in order, and slides with the newest', () => {
		const rows = source(1_000, 2_000);
		const view = liveView(rows, live(2_000, 5_000));
		rows.addSample(sample(3_000, 3));
		expect(view.merge([3_000])).toBe(true);
		expect(view.merge()).toBe(false);
		expect(xs(view)).toEqual([1_000, 2_000, 3_000]);
		expect(view.bounds).toEqual({ from: -2_000, to: 3_000 });
		expect(view.mode).toBe('live');
	});

	it('drops rows left of the window but one, so the line reaches the edge', () => {
		const rows = source(...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((s) => s * 1_000));
		const view = liveView(rows, live(9_000, 5_000));
		expect(xs(view)).toEqual([3_000, 4_000, 5_000, 6_000, 7_000, 8_000, 9_000]);
	});

	it('inserts a late sample at its place', () => {
		const rows = source(1_000, 3_000);
		const view = liveView(rows, live(3_000, 60_000));
		rows.addSample(sample(2_000, 2));
		view.merge([2_000]);
		expect(line(view)).toEqual([1, 2, 3]);
		expect(view.takeLate()).toBe(false);
	});

	it('gives a series charted after rows were merged their values from the source', () => {
		const rows = source(1_000, 2_000);
		const view = liveView(rows, live(2_000, 60_000));
		expect(view.column('core0').line.map((p) => p.y)).toEqual([1, 2]);
	});
});

describe('RangeSeries, raw history', () => {
	it('merges live rows after history without a duplicate at the seam', () => {
		const view = new RangeSeries(source(2_000, 3_000, 4_000, 5_000), live(0, 1));
		view.column('cpu');
		view.showHistory(raw([1_000, 2_000, 3_000], [10, 20, 30]), following(0, 3_000));
		expect(view.mode).toBe('raw');
		view.merge();
		expect(xs(view)).toEqual([1_000, 2_000, 3_000, 4_000, 5_000]);
		// History's own rows stay; only new ones come from the live side.
		expect(line(view)).toEqual([10, 20, 30, 4, 5]);
		expect(view.column('cpu').min).toEqual([]);
		expect(view.bounds).toEqual({ from: 2_000, to: 5_000 });
	});

	it('keeps a fixed range fixed: rows outside it are not taken', () => {
		const view = new RangeSeries(source(500, 3_000, 4_000), live(0, 1));
		view.column('cpu');
		view.showHistory(raw([2_000], [20]), fixed(1_000, 3_000));
		view.merge();
		expect(xs(view)).toEqual([2_000, 3_000]);
		expect(view.bounds).toEqual({ from: 1_000, to: 3_000 });
	});

	it('creates columns for every series of the answer, and gaps for series it lacks', () => {
		const view = new RangeSeries(source(), live(0, 1));
		view.column('memUsed');
		view.showHistory(raw([1_000, 2_000], [1, 2]), fixed(0, 3_000));
		expect(line(view)).toEqual([1, 2]);
		expect(view.column('memUsed').line).toEqual([
			{ x: 1_000, y: null },
			{ x: 2_000, y: null }
		]);
	});
});

describe('RangeSeries, bucketed history', () => {
	it('replaces the newest (partial) bucket with raw rows when they reach back to its start', () => {
		const view = new RangeSeries(source(6_000, 7_000, 8_000, 9_000, 10_000), live(0, 1));
		view.showHistory(buckets(4_000, [0, 4_000, 8_000], [50, 60, 70]), lastHour(9_000));
		view.merge();
		expect(xs(view)).toEqual([0, 4_000, 8_000, 9_000, 10_000]);
		expect(line(view)).toEqual([50, 60, 8, 9, 10]);
		const cpu = view.column('cpu');
		expect(cpu.min.map((p) => p.y)).toEqual([49, 59, 8, 9, 10]);
		expect(cpu.max.map((p) => p.y)).toEqual([51, 61, 8, 9, 10]);
	});

	it('keeps the newest bucket when raw rows do not reach back to it', () => {
		const view = new RangeSeries(source(9_000, 10_000), live(0, 1));
		view.showHistory(buckets(4_000, [0, 4_000], [50, 60], 8_000), lastHour(8_000));
		view.merge();
		expect(xs(view)).toEqual([0, 4_000, 9_000, 10_000]);
		expect(line(view)).toEqual([50, 60, 9, 10]);
	});

	it('waits for raw rows to set the seam', () => {
		const rows = source();
		const view = new RangeSeries(rows, live(0, 1));
		view.showHistory(buckets(4_000, [0, 4_000], [50, 60], 6_000), lastHour(6_000));
		expect(view.merge()).toBe(false);
		for (const t of [5_000, 6_000, 7_000]) rows.addSample(sample(t, t / 1000));
		view.merge([5_000, 6_000, 7_000]);
		// Raw rows start inside the newest bucket: it stays, and rows newer than the answer follow.
		expect(xs(view)).toEqual([0, 4_000, 7_000]);
		expect(line(view)).toEqual([50, 60, 7]);
		expect(view.takeLate()).toBe(false);
	});

	it('folds raw rows into a bucket once the bucket is complete and its grace is over', () => {
		const rows = source(8_000);
		const view = new RangeSeries(rows, live(0, 1));
		view.showHistory(buckets(4_000, [0, 4_000, 8_000], [50, 60, 70]), lastHour(8_000));
		view.merge();
		for (let t = 9_000; t <= 12_000 + BUCKET_GRACE_MS; t += 1_000) {
			rows.addSample(sample(t, t / 1000));
			view.merge([t]);
		}
		// 8–12 s became one bucket (8, 9, 10, 11 → min 8, mean 9.5, max 11); 12 s on stay raw.
		expect(xs(view)).toEqual([0, 4_000, 8_000, 12_000, 13_000, 14_000, 15_000, 16_000, 17_000]);
		const cpu = view.column('cpu');
		expect([cpu.min[2].y, cpu.line[2].y, cpu.max[2].y]).toEqual([8, 9.5, 11]);
		expect(cpu.line[3].y).toBe(12);
		expect(view.newestTs).toBe(17_000);
		// A series charted now: history and folded rows are gaps, raw rows have their values.
		expect(view.column('core0').line.map((p) => p.y)).toEqual([null, null, null, 12, 13, 14, 15, 16, 17]);
	});

	it('never folds raw rows that follow a bucket kept, and folds from the next bucket on', () => {
		const rows = source(5_000, 6_000, 7_000);
		const view = new RangeSeries(rows, live(0, 1));
		view.showHistory(buckets(4_000, [0, 4_000], [50, 60], 6_000), lastHour(6_000));
		view.merge();
		for (let t = 8_000; t <= 17_000; t += 1_000) {
			rows.addSample(sample(t, t / 1000));
			view.merge([t]);
		}
		expect(xs(view)).toEqual([0, 4_000, 7_000, 8_000, 12_000, 13_000, 14_000, 15_000, 16_000, 17_000]);
		expect(line(view).slice(2, 5)).toEqual([7, 9.5, 12]);
	});

	it('skips empty buckets when folding after a silence', () => {
		const rows = source(8_000);
		const view = new RangeSeries(rows, live(0, 1));
		view.showHistory(buckets(4_000, [0, 4_000, 8_000], [50, 60, 70]), lastHour(8_000));
		view.merge();
		rows.addSample(sample(30_000, 30));
		rows.addSample(sample(41_000, 41));
		view.merge([30_000, 41_000]);
		expect(xs(view)).toEqual([0, 4_000, 8_000, 28_000, 41_000]);
	});

	it('reports a raw row that comes after its bucket was drawn, and does not draw it', () => {
		const rows = source(9_000, 10_000);
		const view = new RangeSeries(rows, live(0, 1));
		view.showHistory(buckets(4_000, [0, 4_000], [50, 60]), lastHour(10_000));
		view.merge();
		expect(view.takeLate()).toBe(false);
		rows.addSample(sample(5_000, 5));
		expect(view.merge([5_000])).toBe(false);
		expect(view.takeLate()).toBe(true);
		expect(view.takeLate()).toBe(false);
		expect(xs(view)).toEqual([0, 4_000, 9_000, 10_000]);
	});

	it('gives a column created later gaps in line and band alike', () => {
		const view = new RangeSeries(source(), live(0, 1));
		view.showHistory(buckets(4_000, [0, 4_000], [50, 60]), fixed(0, 8_000));
		const late = view.column('core3');
		expect([late.line.length, late.min.length, late.max.length]).toEqual([2, 2, 2]);
		expect(late.max[1]).toEqual({ x: 4_000, y: null });
	});
});

describe('RangeSeries, waiting and resuming', () => {
	it('takes nothing while history is on its way, and empties at once', () => {
		const rows = source(1_000, 2_000);
		const view = liveView(rows, live(2_000, 60_000));
		const cpu = view.column('cpu').line;
		view.awaitHistory(following(0, 3_600_000));
		expect(cpu).toHaveLength(0);
		expect(view.pending).toBe(true);
		rows.addSample(sample(3_000, 3));
		expect(view.merge()).toBe(false);
		expect(view.bounds).toEqual({ from: 0, to: 3_600_000 });
	});

	it("tells whether the source's rows continue it without a hole", () => {
		const rows = new HostSeries(5_000);
		rows.addSample(sample(1_000, 1));
		rows.addSample(sample(2_000, 2));
		const view = liveView(rows, live(2_000, 60_000));
		rows.addSample(sample(3_000, 3));
		expect(view.continues()).toBe(true);
		// The source keeps 5 s: by 9 s it no longer reaches back to the view's newest row.
		rows.addSample(sample(9_000, 9));
		expect(view.continues()).toBe(false);
	});

	it('notifies holders of changes only', () => {
		const rows = source(1_000);
		const view = new RangeSeries(rows, live(0, 60_000));
		let calls = 0;
		const stop = view.onChange(() => calls++);
		view.showLive(live(2_000, 60_000));
		view.merge();
		view.merge();
		expect(calls).toBe(2);
		stop();
		rows.addSample(sample(2_000, 2));
		view.merge();
		expect(calls).toBe(2);
	});
});

describe('foldBucket', () => {
	it('takes min, mean and max of the values and skips gaps', () => {
		const points = [
			{ x: 1, y: 4 },
			{ x: 2, y: null },
			{ x: 3, y: 1 },
			{ x: 4, y: 7 }
		];
		expect(foldBucket(0, points)).toEqual({ min: { x: 0, y: 1 }, avg: { x: 0, y: 4 }, max: { x: 0, y: 7 } });
	});

	it('is a gap when no point has a value', () => {
		expect(foldBucket(5, [{ x: 6, y: null }]).avg).toEqual({ x: 5, y: null });
	});
});
