import type { Sample } from './schemas.js';

/**
 * The scalar time series a sample contributes to charts and history, in a fixed order.
 * Per-core CPU is added as `core0..coreN` by {@link coreKey}.
 */
export const SERIES_KEYS = [
	'cpu',
	'cpuUser',
	'cpuSystem',
	'load1',
	'load5',
	'load15',
	'memUsed',
	'memAvailable',
	'memTotal',
	'swapUsed',
	'swapTotal',
	'diskRead',
	'diskWrite',
	'netRx',
	'netTx',
	'temp'
] as const;

export type FixedSeriesKey = (typeof SERIES_KEYS)[number];
export type SeriesKey = FixedSeriesKey | `core${number}`;

/**
 * Decimal places that carry information per series (the reference agent rounds to them):
 * percentages and load to 0.01, temperature to 0.1 °C, bytes and bytes/s to whole numbers.
 * Stores may round to these.
 */
export function seriesDecimals(key: SeriesKey): number {
	if (key === 'temp') return 1;
	if (key.startsWith('core') || key.startsWith('cpu') || key.startsWith('load')) return 2;
	return 0;
}

export function coreKey(index: number): `core${number}` {
	return `core${index}`;
}

/** Values of {@link SERIES_KEYS} for one sample, in the same order; null where unknown. */
export function fixedSeriesValues(s: Sample): (number | null)[] {
	return [
		s.cpu.total,
		s.cpu.user,
		s.cpu.system,
		s.load[0],
		s.load[1],
		s.load[2],
		s.mem.used,
		s.mem.available,
		s.mem.total,
		s.mem.swapUsed,
		s.mem.swapTotal,
		s.disk?.readBps ?? null,
		s.disk?.writeBps ?? null,
		s.net.rxBps,
		s.net.txBps,
		s.temp
	];
}

/**
 * A window of history in columns: `ts[i]` pairs with `series[key][i]`. Columnar so that a
 * 15-minute window of a host is one compact JSON document rather than 900 objects.
 */
export interface SeriesWindow {
	ts: number[];
	series: Partial<Record<SeriesKey, (number | null)[]>>;
}
