import { describe, expect, it } from 'vitest';
import { HostInfoSchema, SampleSchema } from '../../src/lib/protocol/index.js';
import { createCollector } from './index.js';
import { collectHostInfo } from './system.js';

// Real readings of this machine, through both implementations: what they produce must be
// what the protocol accepts, and the second reading must know the rates.
describe.each([
	['procfs', true],
	['systeminformation', false]
])('collector (%s)', (source, procfs) => {
	it('produces schema-valid samples with CPU, memory and rates', async () => {
		const errors: unknown[] = [];
		const collector = createCollector((family, err) => errors.push([family, err]), { procfs });
		expect(collector.source).toBe(source);
		await collector.collect(Date.now());
		await new Promise((r) => setTimeout(r, 600));
		const readings = await collector.collect(Date.now());
		const parsed = SampleSchema.safeParse({ host: 'test-host', seq: 1, ts: Date.now(), ...readings });
		expect(parsed.error?.issues ?? []).toEqual([]);
		expect(readings.mem.total).toBeGreaterThan(0);
		expect(readings.mem.used).toBeGreaterThan(0);
		expect(readings.cpu.cores.length).toBeGreaterThan(0);
		expect(readings.net.ifaces.every((i) => i.name !== 'lo')).toBe(true);
		expect(readings.disk === null || readings.disk.readBps >= 0).toBe(true);
		// The slow families started on the first call and arrive with a later one.
		let later = readings;
		for (let i = 0; i < 20 && !later.fs; i++) {
			await new Promise((r) => setTimeout(r, 100));
			later = await collector.collect(Date.now() + 10_001 * (i + 1));
		}
		expect(later.fs?.some((f) => f.size > 0)).toBe(true);
		expect(errors).toEqual([]);
	});
});

describe('host info', () => {
	it('is a valid hello', async () => {
		const info = await collectHostInfo({ hostId: 'h', labels: { a: 'b' }, intervalMs: 1000, agentVersion: 't' });
		expect(HostInfoSchema.safeParse(info).error?.issues ?? []).toEqual([]);
		expect(info.cpu.cores).toBeGreaterThan(0);
	});
});
