import { describe, expect, it } from 'vitest';
import { RuleInputSchema, type Rule, type RuleInput } from '../../protocol/index.js';
import { sample } from '../../../../tests/fixtures/samples.js';
import { AlertEngine, type HostView } from './engine.js';

function rule(input: Partial<RuleInput> & Pick<RuleInput, 'metric'>, id = 'r1'): Rule {
	const spec = RuleInputSchema.parse({ name: id, summary: '{hostname} {value}', ...input });
	return { ...spec, id, createdAt: 0, updatedAt: 0 };
}

function host(cpu: number | null, over: Partial<HostView> = {}): HostView {
	const s = sample('web-1', 0, 0);
	if (cpu !== null) s.cpu.total = cpu;
	return { id: 'web-1', hostname: 'web-1.example', labels: { role: 'web' }, status: 'online', statusSince: 0, sample: cpu === null ? null : s, fs: null, ...over };
}

/** Feeds CPU values one per second and returns the notifications as "kind@t". */
function run(engine: AlertEngine, values: number[], start = 0): string[] {
	const out: string[] = [];
	values.forEach((v, i) => {
		for (const t of engine.onSample(host(v), start + i * 1000).transitions) out.push(`${t.kind}@${(start + i * 1000) / 1000}`);
	});
	return out;
}

describe('AlertEngine', () => {
	it('fires only after the condition held for `for`, and resets pending when it stops holding', () => {
		const engine = new AlertEngine();
		engine.setRules([rule({ metric: 'cpu', comparator: '>', threshold: 90, forS: 3 })]);
		expect(run(engine, [95, 95, 50, 95, 95, 95, 95, 95])).toEqual(['firing@6']);
	});

	it('without hysteresis, flapping around the threshold notifies every state change', () => {
		const engine = new AlertEngine();
		engine.setRules([rule({ metric: 'cpu', comparator: '>', threshold: 90 })]);
		expect(run(engine, [91, 89, 91, 89])).toEqual(['firing@0', 'resolved@1', 'firing@2', 'resolved@3']);
	});

	it('with a clear threshold, flapping around the threshold stays one firing alert', () => {
		const engine = new AlertEngine();
		engine.setRules([rule({ metric: 'cpu', comparator: '>', threshold: 90, clear: 80 })]);
		expect(run(engine, [91, 89, 91, 85, 92, 81, 79])).toEqual(['firing@0', 'resolved@6']);
	});

	it('keeps a firing alert firing while the host is offline, and fires the offline rule after its `for`', () => {
		const engine = new AlertEngine();
		engine.setRules([rule({ metric: 'cpu', comparator: '>', threshold: 90 }), rule({ metric: 'offline', forS: 30 }, 'off')]);
		expect(run(engine, [95])).toEqual(['firing@0']);
		const offline = host(95, { status: 'offline', statusSince: 10_000 });
		expect(engine.tick([offline], 39_000).transitions).toEqual([]);
		const fired = engine.tick([offline], 40_000).transitions;
		expect(fired.map((t) => `${t.rule.id}:${t.kind}`)).toEqual(['off:firing']);
		expect(engine.active(() => '').map((a) => `${a.ruleId}:${a.state}`).sort()).toEqual(['off:firing', 'r1:firing']);
		// Back online: the offline alert resolves; the CPU alert waits for data.
		const back = engine.tick([host(95, { status: 'online', statusSince: 50_000 })], 50_000).transitions;
		expect(back.map((t) => `${t.rule.id}:${t.kind}`)).toEqual(['off:resolved']);
	});

	it('evaluates a pending alert with the rule as edited, keeping when it started', () => {
		const engine = new AlertEngine();
		engine.setRules([rule({ metric: 'cpu', comparator: '>', threshold: 90, forS: 5 })]);
		expect(run(engine, [95, 95])).toEqual([]);
		// Edited while pending: threshold lowered, `for` shortened; still pending since t=0.
		engine.setRules([rule({ metric: 'cpu', comparator: '>', threshold: 80, forS: 3 })]);
		expect(run(engine, [85, 85], 2_000)).toEqual(['firing@3']);
	});

	it('resolves firing alerts of a rule that was deleted, and drops pending ones silently', () => {
		const engine = new AlertEngine();
		const r1 = rule({ metric: 'cpu', comparator: '>', threshold: 90 });
		const r2 = rule({ metric: 'cpu', comparator: '>', threshold: 90, forS: 60 }, 'r2');
		engine.setRules([r1, r2]);
		run(engine, [95]);
		engine.setRules([]);
		const result = engine.reconcile(() => host(95), new Map([['r1', r1], ['r2', r2]]), 5_000);
		expect(result.transitions.map((t) => `${t.rule.id}:${t.kind}`)).toEqual(['r1:resolved']);
		expect(result.removals).toHaveLength(2);
	});

	it('re-notifies a firing alert at the configured interval, and does not re-fire after a restart', () => {
		const engine = new AlertEngine();
		engine.setRules([rule({ metric: 'cpu', comparator: '>', threshold: 90, renotifyS: 60 })]);
		const first = engine.onSample(host(95), 0);
		expect(first.transitions.map((t) => t.kind)).toEqual(['firing']);
		expect(engine.tick([host(95)], 59_000).transitions).toEqual([]);
		const repeat = engine.tick([host(95)], 60_000).transitions;
		expect(repeat.map((t) => [t.kind, t.repeat])).toEqual([['firing', true]]);
		// A new engine from the persisted state goes on without a new firing notification.
		const restarted = new AlertEngine(repeat.length ? [{ ...first.upserts[0], lastNotifiedAt: 60_000 }] : []);
		restarted.setRules([rule({ metric: 'cpu', comparator: '>', threshold: 90, renotifyS: 60 })]);
		expect(restarted.onSample(host(96), 61_000).transitions).toEqual([]);
		expect(restarted.onSample(host(10), 62_000).transitions.map((t) => t.kind)).toEqual(['resolved']);
	});

	it('applies host selectors: ids, hostname globs and labels', () => {
		const engine = new AlertEngine();
		engine.setRules([
			rule({ metric: 'cpu', comparator: '>', threshold: 0, selector: { kind: 'hostname', glob: 'WEB-*.example' } }, 'glob'),
			rule({ metric: 'cpu', comparator: '>', threshold: 0, selector: { kind: 'labels', labels: { role: 'db' } } }, 'db'),
			rule({ metric: 'cpu', comparator: '>', threshold: 0, selector: { kind: 'ids', ids: ['web-1'] } }, 'ids')
		]);
		expect(engine.onSample(host(50), 0).transitions.map((t) => t.rule.id).sort()).toEqual(['glob', 'ids']);
	});
});

describe('rule validation', () => {
	it('refuses unknown metrics, missing thresholds, misplaced fields and bad templates with reasons', () => {
		const bad: [unknown, RegExp][] = [
			[{ name: 'x', metric: 'gpu', summary: 's' }, /metric/],
			[{ name: 'x', metric: 'cpu', summary: 's' }, /threshold/],
			[{ name: 'x', metric: 'offline', comparator: '>', summary: 's' }, /not used/],
			[{ name: 'x', metric: 'cpu', comparator: '>', threshold: 90, clear: 95, summary: 's' }, /clear side/],
			[{ name: 'x', metric: 'cpu', comparator: '>', threshold: 90, mount: '/', summary: 's' }, /only for metric "disk"/],
			[{ name: 'x', metric: 'cpu', comparator: '>', threshold: 90, summary: '{oops}' }, /unknown field \{oops\}/],
			[{ name: 'x', metric: 'cpu', comparator: '>', threshold: 90, summary: 's', extra: 1 }, /extra|Unrecognized/i]
		];
		for (const [input, reason] of bad) {
			const r = RuleInputSchema.safeParse(input);
			expect(r.success, JSON.stringify(input)).toBe(false);
			expect(r.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")).toMatch(reason);
		}
	});
});
