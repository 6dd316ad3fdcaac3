import { describe, expect, it } from 'vitest';
import { hostInfo, sample } from '../../../../tests/fixtures/samples.js';
import { HostRegistry } from './registry.js';

describe('HostRegistry', () => {
	it('goes online on connect, offline on disconnect, reporting each change once', () => {
		const reg = new HostRegistry(5_000);
		expect(reg.connected('a', 's1', 1_000).change).toEqual({ hostId: 'a', status: 'online', lastSeen: 1_000 });
		expect(reg.sampled('a', [sample('a', 0, 900)], 2_000)).toBeNull();
		expect(reg.disconnected('a', 's1', 3_000)).toEqual({ hostId: 'a', status: 'offline', lastSeen: 3_000 });
		expect(reg.disconnected('a', 's1', 3_500)).toBeNull();
	});

	it('marks a connected host stale when samples stop, and online again when they resume', () => {
		const reg = new HostRegistry(5_000);
		reg.connected('a', 's1', 0);
		reg.hello('a', hostInfo('a', { intervalMs: 1_000 }), 0);
		reg.sampled('a', [sample('a', 0, 0)], 1_000);
		expect(reg.sweep(6_000)).toEqual([]);
		expect(reg.sweep(6_001)).toEqual([{ hostId: 'a', status: 'stale', lastSeen: 1_000 }]);
		expect(reg.sweep(7_000)).toEqual([]);
		expect(reg.sampled('a', [sample('a', 1, 7_000)], 7_000)?.status).toBe('online');
	});

	it('waits at least three agent intervals before calling a slow agent stale', () => {
		const reg = new HostRegistry(5_000);
		reg.connected('slow', 's1', 0);
		reg.hello('slow', hostInfo('slow', { intervalMs: 10_000 }), 0);
		expect(reg.sweep(29_000)).toEqual([]);
		expect(reg.sweep(30_001).map((c) => c.status)).toEqual(['stale']);
	});

	it('lets a newer connection replace an older one for the same host', () => {
		const reg = new HostRegistry(5_000);
		reg.connected('a', 's1', 0);
		const second = reg.connected('a', 's2', 10);
		expect(second.replaced).toBe('s1');
		expect(second.change).toBeNull();
		// The old socket closing afterwards must not take the host offline.
		expect(reg.disconnected('a', 's1', 20)).toBeNull();
		expect(reg.get('a')?.status).toBe('online');
	});

	it('keeps the newest sample and the newest slow families, whatever the arrival order', () => {
		const reg = new HostRegistry(5_000);
		const withFs = { ...sample('a', 1, 1_000), fs: [{ mount: '/', type: 'ext4', size: 10, used: 5 }] };
		reg.sampled('a', [sample('a', 2, 2_000)], 0);
		reg.sampled('a', [withFs], 0);
		expect(reg.get('a')?.latest?.ts).toBe(2_000);
		expect(reg.get('a')?.fs).toEqual(withFs.fs);
		const olderFs = { ...sample('a', 0, 500), fs: [] };
		reg.sampled('a', [olderFs], 0);
		expect(reg.get('a')?.fs).toEqual(withFs.fs);
	});
});
