import { describe, expect, it } from 'vitest';
import { describeCondition, describeSelector, formatMetricValue, formatMoment } from './alert-text';

describe('describeCondition', () => {
	it('reads a value rule with its unit, duration and clear value', () => {
		expect(describeCondition({ metric: 'cpu', comparator: '>', threshold: 90, forS: 300 })).toBe('CPU > 90.0 % for 5 min');
		expect(describeCondition({ metric: 'mem', comparator: '>=', threshold: 90, clear: 80, forS: 0 })).toBe('Memory ≥ 90.0 %, clears at 80.0 %');
		expect(describeCondition({ metric: 'netRx', comparator: '<', threshold: 1_000_000, forS: 90 })).toBe('Network in < 1.00 MB/s for 90 s');
	});

	it('names the mount of a disk rule and reads a state rule without a threshold', () => {
		expect(describeCondition({ metric: 'disk', mount: '*', comparator: '>', threshold: 90, forS: 0 })).toBe('Disk (any) > 90.0 %');
		expect(describeCondition({ metric: 'disk', mount: '/var', comparator: '>', threshold: 95, forS: 0 })).toBe('Disk (/var) > 95.0 %');
		expect(describeCondition({ metric: 'offline', forS: 30 })).toBe('Host offline for 30 s');
	});
});

describe('describeSelector', () => {
	it('says which hosts', () => {
		expect(describeSelector({ kind: 'all' })).toBe('all hosts');
		expect(describeSelector({ kind: 'ids', ids: ['a', 'b'] })).toBe('a, b');
		expect(describeSelector({ kind: 'hostname', glob: 'web-*' })).toBe('hostname web-*');
		expect(describeSelector({ kind: 'labels', labels: { role: 'web', zone: 'a' } })).toBe('role=web, zone=a');
	});
});

describe('formatMetricValue', () => {
	it('formats per metric and shows an unknown value as a dash', () => {
		expect(formatMetricValue('load1', 2.5)).toBe('2.50');
		expect(formatMetricValue('temp', 71.4)).toBe('71 °C');
		expect(formatMetricValue('cpu', null)).toBe('—');
	});
});

describe('formatMoment', () => {
	it('shows the clock time on the same day, the date too on another', () => {
		const now = new Date(2026, 10, 25, 15, 0, 0).getTime();
		expect(formatMoment(new Date(2026, 10, 25, 9, 5, 7).getTime(), now)).toBe('09:05:07');
		expect(formatMoment(new Date(2026, 10, 24, 23, 59, 1).getTime(), now)).toBe('2026-11-24 23:59:01');
		expect(formatMoment(null, now)).toBe('—');
	});
});
