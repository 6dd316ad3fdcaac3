import { describe, expect, it } from 'vitest';
import type { HostStatusChange, OverviewUpdate, Sample } from '../../protocol/index.js';
import { hostInfo, sample } from '../../../../tests/fixtures/samples.js';
import { HostRegistry } from '../hosts/registry.js';
import { ServerStats } from '../stats.js';
import { MemoryStore } from '../store/memory-store.js';
import type { Broadcaster } from './broadcaster.js';
import { LiveHub } from './hub.js';

class RecordingBroadcaster implements Broadcaster {
	samples: [string, Sample][] = [];
	statuses: HostStatusChange[] = [];
	overviews: OverviewUpdate[] = [];
	watching = true;
	sample(hostId: string, s: Sample) {
		this.samples.push([hostId, s]);
	}
	status(change: HostStatusChange) {
		this.statuses.push(change);
	}
	overview(update: OverviewUpdate) {
		this.overviews.push(update);
	}
	alerts() {}
	overviewWatched() {
		return this.watching;
	}
}

function setup() {
	let now = 1_000_000;
	const broadcaster = new RecordingBroadcaster();
	const stats = new ServerStats();
	const hub = new LiveHub({
		registry: new HostRegistry(5_000),
		store: new MemoryStore(900_000),
		broadcaster,
		stats,
		now: () => now,
		windowMs: 900_000
	});
	return { hub, broadcaster, stats, advance: (ms: number) => (now += ms) };
}

describe('LiveHub', () => {
	it('coalesces many samples of many hosts into one overview update per tick', () => {
		const { hub, broadcaster } = setup();
		for (const id of ['a', 'b', 'c']) {
			hub.agentConnected(id, `s-${id}`);
			hub.hello(id, hostInfo(id));
			for (let i = 0; i < 5; i++) hub.ingest(id, [sample(id, i, 1_000 * i)]);
		}
		hub.tick();
		expect(broadcaster.overviews).toHaveLength(1);
		const update = broadcaster.overviews[0];
		expect(update.hosts.map((h) => h.id).sort()).toEqual(['a', 'b', 'c']);
		expect(update.hosts.find((h) => h.id === 'b')?.cpu).toBe(4);
		hub.tick();
		expect(broadcaster.overviews).toHaveLength(1);
	});

	it('sends a host in full once, then only the fields that changed', () => {
		const { hub, broadcaster } = setup();
		hub.agentConnected('a', 's');
		hub.hello('a', hostInfo('a'));
		hub.ingest('a', [sample('a', 5, 1_000)]);
		hub.tick();
		expect(broadcaster.overviews[0].hosts[0]).toMatchObject({ id: 'a', hostname: 'a.example', cpu: 5, labels: { role: 'test' } });
		const next = sample('a', 7, 2_000);
		next.mem = { ...next.mem, used: 2e9 + 5, available: 6e9 - 5 }; // memory % as before
		hub.ingest('a', [next]);
		hub.tick();
		const change = broadcaster.overviews[1].hosts[0];
		expect(change).toEqual({ id: 'a', lastSampleTs: 2_000, cpu: 7, netRx: 700, netTx: 350, uptime: 1007 });
		// Nothing new: no update at all.
		hub.ingest('a', [next]);
		hub.tick();
		expect(broadcaster.overviews).toHaveLength(2);
	});

	it('builds no overview update when no dashboard watches', () => {
		const { hub, broadcaster } = setup();
		broadcaster.watching = false;
		hub.agentConnected('a', 's');
		hub.ingest('a', [sample('a', 0, 0)]);
		hub.tick();
		expect(broadcaster.overviews).toHaveLength(0);
	});

	it('publishes each sample to its host and counts duplicates', () => {
		const { hub, broadcaster, stats } = setup();
		hub.agentConnected('a', 's');
		const batch = [sample('a', 0, 1_000), sample('a', 1, 2_000)];
		expect(hub.ingest('a', batch)).toEqual({ accepted: 2, duplicates: 0 });
		expect(hub.ingest('a', batch)).toEqual({ accepted: 0, duplicates: 2 });
		hub.publish('a', batch);
		expect(broadcaster.samples.map(([id, s]) => `${id}:${s.seq}`)).toEqual(['a:0', 'a:1']);
		expect(stats.samplesAccepted).toBe(2);
		expect(stats.samplesDuplicate).toBe(2);
	});

	it('announces status changes at once and detects stale hosts on tick', () => {
		const { hub, broadcaster, advance } = setup();
		hub.agentConnected('a', 's');
		hub.hello('a', hostInfo('a'));
		expect(broadcaster.statuses.map((c) => c.status)).toEqual(['online']);
		advance(5_001);
		hub.tick();
		expect(broadcaster.statuses.map((c) => c.status)).toEqual(['online', 'stale']);
		hub.agentDisconnected('a', 's');
		expect(broadcaster.statuses.map((c) => c.status)).toEqual(['online', 'stale', 'offline']);
	});

	it('snapshots hold the sparkline and the host window', async () => {
		const { hub } = setup();
		hub.agentConnected('a', 's');
		hub.hello('a', hostInfo('a'));
		hub.ingest('a', [sample('a', 10, 1_000), sample('a', 20, 2_000)]);
		const overview = hub.overviewSnapshot();
		expect(overview.hosts[0]).toMatchObject({ id: 'a', hostname: 'a.example', status: 'online', spark: [10, 20] });
		const host = await hub.hostSnapshot('a', 1_500);
		expect(host.window.ts).toEqual([2_000]);
		expect(host.info?.hostId).toBe('a');
		expect((await hub.hostSnapshot('unknown', 0)).summary).toBeNull();
	});
});
