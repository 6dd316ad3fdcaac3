import { describe, expect, it } from 'vitest';
import type { SeriesKey } from '$lib/protocol/series';
import type { ViewColumn } from '$lib/client/range-series';
import { buildDatasets, datasetSlots, withAlpha, type ChartLine } from './chart-datasets';

const lines: ChartLine[] = [
	{ key: 'cpu', label: 'total', color: '--chart-1', width: 2.5 },
	{ key: 'core0', label: 'per core', color: '--chart-core', band: false, under: true },
	{ key: 'load1', label: '1 min', color: '--chart-2' }
];

describe('datasetSlots', () => {
	it('puts every line first, then a min/max pair per banded line', () => {
		expect(datasetSlots(lines).map((s) => `${s.line.key}:${s.role}`)).toEqual([
			'cpu:line',
			'core0:line',
			'load1:line',
			'cpu:min',
			'cpu:max',
			'load1:min',
			'load1:max'
		]);
	});
});

describe('buildDatasets', () => {
	const columns = new Map<SeriesKey, ViewColumn>();
	const column = (key: SeriesKey) => {
		if (!columns.has(key)) columns.set(key, { line: [], min: [], max: [] });
		return columns.get(key)!;
	};
	const colours: Record<string, string> = { '--chart-1': '#1d64d8', '--chart-2': 'rgb(208, 54, 126)', '--chart-core': 'rgba(93, 102, 114, 0.24)' };
	const datasets = buildDatasets(datasetSlots(lines), column, (p) => colours[p], 12_000);

	it("holds the view's own arrays, never copies", () => {
		expect(datasets[0].data).toBe(column('cpu').line);
		expect(datasets[3].data).toBe(column('cpu').min);
		expect(datasets[4].data).toBe(column('cpu').max);
	});

	it('fills each band from its max edge down to its min edge, under the lines, without a border', () => {
		const [min, max] = [datasets[3], datasets[4]];
		expect(max.fill).toBe('-1');
		expect(min.fill).toBe(false);
		expect([min.borderWidth, max.borderWidth]).toEqual([0, 0]);
		expect(max.backgroundColor).toBe('rgba(29, 100, 216, 0.25)');
		expect(max.order).toBeGreaterThan(datasets[0].order!);
		// Context lines (per core) go beneath the bands.
		expect(datasets[1].order).toBeGreaterThan(max.order!);
	});

	it('keeps the streaming settings on every dataset', () => {
		for (const d of datasets) {
			expect(d.pointRadius).toBe(0);
			expect(d.spanGaps).toBe(12_000);
		}
		expect(datasets[0]).toMatchObject({ borderColor: '#1d64d8', borderWidth: 2.5, fill: false });
	});
});

describe('withAlpha', () => {
	it("multiplies a colour's own opacity", () => {
		expect(withAlpha('rgba(93, 102, 114, 0.5)', 0.5)).toBe('rgba(93, 102, 114, 0.25)');
		expect(withAlpha('#ff0000', 1)).toBe('rgb(255, 0, 0)');
	});
});
