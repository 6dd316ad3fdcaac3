import type { AlertMetric, Filesystem, Sample } from '../../protocol/index.js';

const pct = (part: number, whole: number) => (whole > 0 ? (part / whole) * 100 : null);

/**
 * The value a rule compares, from a host's newest sample (and latest filesystems): null
 * when the host does not report it (no sensor, no swap, unknown rate), and the rule then
 * waits instead of firing or resolving on missing data.
 */
export function metricValue(metric: AlertMetric, sample: Sample, fs: Filesystem[] | null, mount: string | undefined): number | null {
	switch (metric) {
		case 'cpu':
			return sample.cpu.total;
		case 'mem':
			return pct(sample.mem.used, sample.mem.total);
		case 'swap':
			return pct(sample.mem.swapUsed, sample.mem.swapTotal);
		case 'disk':
			return diskPercent(fs, mount ?? '*');
		case 'load1':
			return sample.load[0];
		case 'load5':
			return sample.load[1];
		case 'load15':
			return sample.load[2];
		case 'netRx':
			return sample.net.rxBps;
		case 'netTx':
			return sample.net.txBps;
		case 'temp':
			return sample.temp;
		default:
			return null;
	}
}

/** Used % of one mount, or of the fullest filesystem for `*`. */
function diskPercent(fs: Filesystem[] | null, mount: string): number | null {
	if (!fs || fs.length === 0) return null;
	let best: number | null = null;
	for (const f of fs) {
		if (mount !== '*' && f.mount !== mount) continue;
		const used = pct(f.used, f.size);
		if (used !== null && (best === null || used > best)) best = used;
	}
	return best;
}

/** Rounded for summaries and payloads: two significant decimals at most. */
export function displayValue(v: number | null): number | null {
	return v === null ? null : Math.round(v * 100) / 100;
}
