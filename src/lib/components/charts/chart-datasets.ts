import type { ChartDataset } from 'chart.js';
import { color } from 'chart.js/helpers';
import type { Point } from '$lib/client/host-series';
import type { ViewColumn } from '$lib/client/range-series';
import type { SeriesKey } from '$lib/protocol/series';

/** One line of a chart. `color` names a CSS custom property of the page (e.g. `--chart-1`). */
export interface ChartLine {
	key: SeriesKey;
	label: string;
	color: string;
	width?: number;
	/** Listed in the legend (default true). */
	legend?: boolean;
	/** Listed in the tooltip (default true). */
	tooltip?: boolean;
	/** Drawn with a min–max band when the rows are buckets (default true). */
	band?: boolean;
	/** Context drawn beneath the bands (per-core lines), not over them. */
	under?: boolean;
}

/** What a dataset draws of its line: the line itself, or the lower or upper edge of its band. */
export type DatasetRole = 'line' | 'min' | 'max';

export interface DatasetSlot {
	line: ChartLine;
	role: DatasetRole;
}

/** Opacity of a band's fill. */
export const BAND_ALPHA = 0.25;

/**
 * The datasets of a chart, in order: every line, then a min/max pair per banded line, the
 * max right after its min so that it fills down to it (`fill: '-1'`). The band datasets
 * are always there (empty unless the rows are buckets): changing range never adds or
 * removes datasets.
 */
export function datasetSlots(lines: readonly ChartLine[]): DatasetSlot[] {
	const slots: DatasetSlot[] = lines.map((line) => ({ line, role: 'line' }));
	for (const line of lines) {
		if (line.band === false) continue;
		slots.push({ line, role: 'min' }, { line, role: 'max' });
	}
	return slots;
}

/** A CSS colour at `alpha` opacity (its own alpha multiplied). */
export function withAlpha(css: string, alpha: number): string {
	const c = color(css);
	return c.valid ? c.alpha(c.rgb.a * alpha).rgbString() : css;
}

/**
 * Chart.js datasets for `slots`, holding the view's arrays as their data (never copies).
 * `colorOf` resolves a line's CSS custom property; `gapMs` is the widest gap a line bridges.
 */
export function buildDatasets(
	slots: readonly DatasetSlot[],
	column: (key: SeriesKey) => ViewColumn,
	colorOf: (property: string) => string,
	gapMs: number
): ChartDataset<'line', Point[]>[] {
	return slots.map(({ line, role }) => {
		const base = colorOf(line.color);
		const points = column(line.key);
		if (role === 'line') {
			return {
				label: line.label,
				data: points.line,
				borderColor: base,
				backgroundColor: base,
				borderWidth: line.width ?? 1.5,
				pointRadius: 0,
				pointHoverRadius: 0,
				spanGaps: gapMs,
				fill: false,
				// Higher orders are drawn first: context lines, then bands, then lines on top.
				order: line.under ? 2 : 0
			};
		}
		// Band edges draw no line; the max edge fills down to the min edge just before it.
		return {
			label: `${line.label} ${role}`,
			data: role === 'min' ? points.min : points.max,
			borderColor: 'transparent',
			backgroundColor: withAlpha(base, BAND_ALPHA),
			borderWidth: 0,
			pointRadius: 0,
			pointHoverRadius: 0,
			spanGaps: gapMs,
			fill: role === 'max' ? '-1' : false,
			order: 1
		};
	});
}
