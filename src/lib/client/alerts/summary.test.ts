import { describe, expect, it } from 'vitest';
import type { ActiveAlert } from '$lib/protocol/alerts';
import { orderActive, summarizeByHost } from './summary';

function alert(over: Partial<ActiveAlert>): ActiveAlert {
	return {
		ruleId: 'r1',
		ruleName: 'CPU high',
		hostId: 'web-1',
		state: 'firing',
		severity: 'warning',
		since: 1_000,
		firedAt: 2_000,
		value: 95,
		summary: 'CPU on web-1 at 95 %',
		...over
	};
}

describe('summarizeByHost', () => {
	it('counts firing and pending per host; the worst severity is of firing alerts only', () => {
		const byHost = summarizeByHost([
			alert({ ruleId: 'a', severity: 'info' }),
			alert({ ruleId: 'b', severity: 'warning' }),
			alert({ ruleId: 'c', severity: 'critical', state: 'pending', firedAt: null }),
			alert({ ruleId: 'a', hostId: 'db-1', state: 'pending', firedAt: null })
		]);
		expect(byHost.get('web-1')).toEqual({ firing: 2, pending: 1, worst: 'warning' });
		expect(byHost.get('db-1')).toEqual({ firing: 0, pending: 1, worst: null });
		expect(byHost.has('other')).toBe(false);
	});
});

describe('orderActive', () => {
	it('puts firing before pending, worse before milder, older before newer, and does not touch its input', () => {
		const input = [
			alert({ ruleId: 'pending-critical', state: 'pending', severity: 'critical', firedAt: null }),
			alert({ ruleId: 'firing-info', severity: 'info' }),
			alert({ ruleId: 'firing-critical-new', severity: 'critical', since: 5_000 }),
			alert({ ruleId: 'firing-critical-old', severity: 'critical', since: 1_000 })
		];
		const copy = [...input];
		expect(orderActive(input).map((a) => a.ruleId)).toEqual(['firing-critical-old', 'firing-critical-new', 'firing-info', 'pending-critical']);
		expect(input).toEqual(copy);
	});

	it('breaks ties by host and rule, so the order is stable between pushes', () => {
		const a = alert({ hostId: 'b', ruleId: 'x' });
		const b = alert({ hostId: 'a', ruleId: 'y' });
		const c = alert({ hostId: 'a', ruleId: 'x' });
		expect(orderActive([a, b, c])).toEqual([c, b, a]);
		expect(orderActive([c, a, b])).toEqual([c, b, a]);
	});
});
