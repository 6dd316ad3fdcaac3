import { describe, expect, it } from 'vitest';
import { RuleInputSchema, type HostSelector, type Rule } from '$lib/protocol/alerts';
import { emptyRuleForm, formatLabels, formToRuleInput, parseLabels, ruleToForm, type RuleForm } from './rule-form';

function form(over: Partial<RuleForm> = {}): RuleForm {
	return { ...emptyRuleForm(), name: 'CPU high', ...over };
}

function convert(f: RuleForm) {
	const result = formToRuleInput(f);
	if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
	return result.value;
}

describe('formToRuleInput', () => {
	it('sends every field of a value rule, and the server schema takes it as it is', () => {
		const input = convert(form({ comparator: '>=', threshold: 0, clear: null, forS: 0, severity: 'critical', renotifyS: 600 }));
		expect(input).toEqual({
			name: 'CPU high',
			enabled: true,
			metric: 'cpu',
			selector: { kind: 'all' },
			comparator: '>=',
			threshold: 0,
			forS: 0,
			severity: 'critical',
			summary: '{rule} on {hostname}: {value}',
			renotifyS: 600
		});
		expect(RuleInputSchema.safeParse(input).success).toBe(true);
	});

	it('leaves out comparator, threshold and clear for a state metric, and mount for anything but disk', () => {
		const input = convert(form({ metric: 'offline', threshold: 90, clear: 80, mount: '/' }));
		expect(input).not.toHaveProperty('comparator');
		expect(input).not.toHaveProperty('threshold');
		expect(input).not.toHaveProperty('clear');
		expect(input).not.toHaveProperty('mount');
		expect(RuleInputSchema.safeParse(input).success).toBe(true);
	});

	it('sends the mount for disk, trimmed, and leaves an empty one to the server', () => {
		expect(convert(form({ metric: 'disk', mount: ' /var ' })).mount).toBe('/var');
		expect(convert(form({ metric: 'disk', mount: '' }))).not.toHaveProperty('mount');
	});

	it('leaves empty numbers out, so the server says what is missing or applies its default', () => {
		const input = convert(form({ threshold: null, clear: null, forS: null, renotifyS: null }));
		expect(input).not.toHaveProperty('threshold');
		expect(input).not.toHaveProperty('forS');
		expect(input).not.toHaveProperty('renotifyS');
		const refused = RuleInputSchema.safeParse(input);
		expect(refused.success).toBe(false);
		expect(refused.error?.issues.map((i) => i.path.join('.'))).toEqual(['threshold']);
	});

	it('builds each kind of host selector from its own text', () => {
		expect(convert(form({ selectorKind: 'ids', ids: 'web-1, web-2  db-1,' })).selector).toEqual({ kind: 'ids', ids: ['web-1', 'web-2', 'db-1'] });
		expect(convert(form({ selectorKind: 'hostname', glob: ' web-* ' })).selector).toEqual({ kind: 'hostname', glob: 'web-*' });
		expect(convert(form({ selectorKind: 'labels', labels: 'role=web, zone = a' })).selector).toEqual({
			kind: 'labels',
			labels: { role: 'web', zone: 'a' }
		});
		// The text of the other kinds is kept in the form but not sent.
		expect(convert(form({ selectorKind: 'all', ids: 'web-1' })).selector).toEqual({ kind: 'all' });
	});

	it('refuses labels it could not send faithfully', () => {
		const result = formToRuleInput(form({ selectorKind: 'labels', labels: 'role=web, oops, role=db' }));
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problems.map((p) => p.message)).toEqual(['selector: "oops" is not key=value', 'selector: label "role" given twice']);
	});
});

describe('ruleToForm', () => {
	const base: Rule = {
		id: 'r1',
		createdAt: 1,
		updatedAt: 2,
		name: 'Disk full',
		enabled: false,
		metric: 'disk',
		mount: '/data',
		selector: { kind: 'labels', labels: { role: 'db' } },
		comparator: '>',
		threshold: 90,
		clear: 85,
		forS: 60,
		severity: 'critical',
		summary: '{mount} on {hostname} at {value} %',
		renotifyS: 3_600
	};

	it('round-trips a rule through the form unchanged', () => {
		const { id: _id, createdAt: _c, updatedAt: _u, ...spec } = base;
		expect(convert(ruleToForm(base))).toEqual(spec);
	});

	it('round-trips a state rule and each selector kind', () => {
		const offline: Rule = { ...base, metric: 'offline', mount: undefined, comparator: undefined, threshold: undefined, clear: undefined };
		const selectors: HostSelector[] = [{ kind: 'all' }, { kind: 'ids', ids: ['a', 'b'] }, { kind: 'hostname', glob: 'web-?' }];
		for (const selector of selectors) {
			const input = convert(ruleToForm({ ...offline, selector }));
			expect(input.selector).toEqual(selector);
			expect(input).not.toHaveProperty('threshold');
			expect(input).not.toHaveProperty('mount');
		}
	});
});

describe('labels text', () => {
	it('parses and formats key=value pairs', () => {
		expect(parseLabels('')).toEqual({ ok: true, value: {} });
		expect(parseLabels('a=1,b=x=y')).toEqual({ ok: true, value: { a: '1', b: 'x=y' } });
		expect(formatLabels({ a: '1', b: '2' })).toBe('a=1, b=2');
		expect(parseLabels('=x').ok).toBe(false);
	});
});
