import { describe, expect, it } from 'vitest';
import { hostInfo, sample } from '../../../tests/fixtures/samples.js';
import { LIMITS } from './limits.js';
import { AgentAuthSchema, HostIdSchema, HostInfoSchema, SampleBatchSchema, SampleSchema } from './schemas.js';

describe('SampleSchema', () => {
	it('accepts a complete sample, including optional slow families', () => {
		const s = {
			...sample('web-1', 3, 1_700_000_000_000),
			fs: [{ mount: '/', type: 'ext4', size: 100, used: 40 }],
			procs: { total: 120, running: 2, top: [{ pid: 1, name: 'init', cpu: 0.1, memBytes: 1024 }] }
		};
		expect(SampleSchema.parse(s)).toEqual(s);
	});

	it('rejects NaN and infinities in metrics', () => {
		for (const bad of [NaN, Infinity, -Infinity]) {
			const s = sample('web-1', 1, 1);
			s.cpu.total = bad;
			expect(SampleSchema.safeParse(s).success).toBe(false);
		}
	});

	it('rejects out-of-range and mistyped values with the offending path', () => {
		const cases: [unknown, string][] = [
			[{ ...sample('web-1', 1, 1), cpu: { total: 101, user: 0, system: 0, cores: [] } }, 'cpu.total'],
			[{ ...sample('web-1', 1, 1), seq: -1 }, 'seq'],
			[{ ...sample('web-1', 1, 1), seq: 1.5 }, 'seq'],
			[{ ...sample('web-1', 1, 1), ts: '2024-01-01' }, 'ts'],
			[{ ...sample('web-1', 1, 1), load: [1, 2] }, 'load'],
			[{ ...sample('web-1', 1, 1), mem: null }, 'mem'],
			[{ ...sample('web-1', 1, 1), host: '../etc' }, 'host']
		];
		for (const [payload, path] of cases) {
			const result = SampleSchema.safeParse(payload);
			expect(result.success, path).toBe(false);
			expect(result.error!.issues[0].path.join('.')).toBe(path);
		}
	});

	it('bounds array sizes', () => {
		const s = sample('web-1', 1, 1);
		s.cpu.cores = new Array(LIMITS.cores + 1).fill(1);
		expect(SampleSchema.safeParse(s).success).toBe(false);
		const batch = { samples: Array.from({ length: LIMITS.batchSamples + 1 }, (_, i) => sample('web-1', i, i)) };
		expect(SampleBatchSchema.safeParse(batch).success).toBe(false);
		expect(SampleBatchSchema.safeParse({ samples: [] }).success).toBe(false);
	});
});

describe('identities', () => {
	it('host ids are URL- and room-safe slugs', () => {
		for (const ok of ['web-1', 'db.eu-west', 'A_1']) expect(HostIdSchema.safeParse(ok).success, ok).toBe(true);
		for (const bad of ['', '-lead', 'a/b', 'a b', 'x'.repeat(LIMITS.hostIdLength + 1), 42])
			expect(HostIdSchema.safeParse(bad).success, String(bad)).toBe(false);
	});

	it('the handshake needs a token, a host id and an integer protocol', () => {
		expect(AgentAuthSchema.safeParse({ token: 't', hostId: 'h', protocol: 1 }).success).toBe(true);
		expect(AgentAuthSchema.safeParse({ hostId: 'h', protocol: 1 }).success).toBe(false);
		expect(AgentAuthSchema.safeParse({ token: 't', hostId: 'h', protocol: '1' }).success).toBe(false);
	});

	it('hello labels are bounded in number and shape', () => {
		expect(HostInfoSchema.safeParse(hostInfo('h')).success).toBe(true);
		const many = Object.fromEntries(Array.from({ length: LIMITS.labelCount + 1 }, (_, i) => [`k${i}`, 'v']));
		expect(HostInfoSchema.safeParse(hostInfo('h', { labels: many })).success).toBe(false);
		expect(HostInfoSchema.safeParse(hostInfo('h', { labels: { 'Bad-Key': 'v' } })).success).toBe(false);
	});
});
