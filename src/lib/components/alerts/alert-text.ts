import type { AlertMetric, Comparator, HostSelector, RuleSpec } from '$lib/protocol/alerts';
import { formatBytesPerSecond, formatNumber, formatSpan, formatTemperature, MISSING } from '$lib/format';

/** How a metric is named in forms and lists. */
export const METRIC_LABELS: Record<AlertMetric, string> = {
	cpu: 'CPU',
	mem: 'Memory',
	swap: 'Swap',
	disk: 'Disk',
	load1: 'Load (1 min)',
	load5: 'Load (5 min)',
	load15: 'Load (15 min)',
	netRx: 'Network in',
	netTx: 'Network out',
	temp: 'Temperature',
	offline: 'Host offline',
	stale: 'Host stale'
};

/** The unit a threshold of the metric is in, as the form shows next to it. */
export const METRIC_UNITS: Record<AlertMetric, string> = {
	cpu: '%',
	mem: '%',
	swap: '%',
	disk: '%',
	load1: '',
	load5: '',
	load15: '',
	netRx: 'bytes/s',
	netTx: 'bytes/s',
	temp: '°C',
	offline: '',
	stale: ''
};

export const COMPARATOR_LABELS: Record<Comparator, string> = { '>': '>', '>=': '≥', '<': '<', '<=': '≤' };

/** A metric's value as it reads: `93.2 %`, `1.20 MB/s`, `71 °C`, `2.50`. */
export function formatMetricValue(metric: AlertMetric, value: number | null | undefined): string {
	if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
	switch (metric) {
		case 'cpu':
		case 'mem':
		case 'swap':
		case 'disk':
			return `${formatNumber(value, 1)} %`;
		case 'netRx':
		case 'netTx':
			return formatBytesPerSecond(value);
		case 'temp':
			return formatTemperature(value);
		default:
			return formatNumber(value);
	}
}

/** A rule's condition in one line: `CPU > 90.0 % for 5 min`, `Disk (/) ≥ 95.0 %`, `Host offline for 30 s`. */
export function describeCondition(rule: Pick<RuleSpec, 'metric' | 'mount' | 'comparator' | 'threshold' | 'clear' | 'forS'>): string {
	let text = METRIC_LABELS[rule.metric];
	if (rule.metric === 'disk') text += ` (${rule.mount === undefined || rule.mount === '*' ? 'any' : rule.mount})`;
	if (rule.comparator !== undefined && rule.threshold !== undefined)
		text += ` ${COMPARATOR_LABELS[rule.comparator]} ${formatMetricValue(rule.metric, rule.threshold)}`;
	if (rule.forS > 0) text += ` for ${formatSpan(rule.forS * 1_000)}`;
	if (rule.clear !== undefined) text += `, clears at ${formatMetricValue(rule.metric, rule.clear)}`;
	return text;
}

/** Which hosts a rule watches, in a few words. */
export function describeSelector(selector: HostSelector): string {
	switch (selector.kind) {
		case 'all':
			return 'all hosts';
		case 'ids':
			return selector.ids.join(', ');
		case 'hostname':
			return `hostname ${selector.glob}`;
		case 'labels':
			return Object.entries(selector.labels)
				.map(([k, v]) => `${k}=${v}`)
				.join(', ');
	}
}

/** A moment in the browser's zone: clock time when on the day of `now`, else with the date. */
export function formatMoment(ts: number | null | undefined, now: number): string {
	if (ts === null || ts === undefined || !Number.isFinite(ts)) return MISSING;
	const d = new Date(ts);
	const today = new Date(now);
	const pad = (n: number) => String(n).padStart(2, '0');
	const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
	if (d.toDateString() === today.toDateString()) return time;
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
}
