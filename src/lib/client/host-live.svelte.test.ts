import { describe, expect, it } from 'vitest';
import type { Ack } from '$lib/protocol/ack';
import type { HostSnapshot } from '$lib/protocol/dashboard';
import type { Sample } from '$lib/protocol/schemas';
import type { SeriesWindow } from '$lib/protocol/series';
import { ServerClock } from './clock.svelte';
import type { Connection } from './connection.svelte';
import { HostLive } from './host-live.svelte';

type Handler = (payload: never) => void;

/** Just enough of a Connection: records emits, lets the test play the server. */
class FakeConnection {
	handlers = new Map<string, Set<Handler>>();
	emitted: { event: string; payload: unknown; ack?: (res: Ack<HostSnapshot>) => void }[] = [];
	listeners = new Set<() => void>();
	socket = {
		connected: true,
		on: (event: string, handler: Handler) => {
			if (!this.handlers.has(event)) this.handlers.set(event, new Set());
			this.handlers.get(event)!.add(handler);
		},
		off: (event: string, handler: Handler) => this.handlers.get(event)?.delete(handler),
		emit: (event: string, payload: unknown, ack?: (res: Ack<HostSnapshot>) => void) => {
			this.emitted.push({ event, payload, ack });
		}
	};
	onConnect(listener: () => void) {
		this.listeners.add(listener);
		if (this.socket.connected) listener();
		return () => this.listeners.delete(listener);
	}
	/** The server sends an event to the dashboard. */
	deliver(event: string, payload: unknown) {
		for (const handler of this.handlers.get(event) ?? []) handler(payload as never);
	}
	reconnect() {
		for (const listener of this.listeners) listener();
	}
	lastSubscribe() {
		return [...this.emitted].reverse().find((e) => e.event === 'host:subscribe')!;
	}
}

function sample(ts: number, cpu = ts / 1000): Sample {
	return {
		host: 'web-1',
		seq: ts / 1000,
		ts,
		cpu: { total: cpu, user: 0, system: 0, cores: [cpu] },
		load: [0, 0, 0],
		mem: { total: 100, used: 50, available: 50, swapTotal: 0, swapUsed: 0 },
		disk: null,
		net: { rxBps: null, txBps: null, ifaces: [] },
		temp: null,
		uptime: ts / 1000
	};
}

function snapshot(ts: number[]): HostSnapshot {
	const window: SeriesWindow = { ts, series: { cpu: ts.map((t) => t / 1000), core0: ts.map((t) => t / 1000) } };
	return { serverTime: 1_000_000, windowMs: 600_000, summary: null, info: null, window, fs: null, procs: null, latest: null };
}

function setup() {
	const fake = new FakeConnection();
	const clock = new ServerClock();
	const live = new HostLive(fake as unknown as Connection, 'web-1', clock);
	const stop = live.start();
	return { fake, live, clock, stop, cpu: () => live.series.column('cpu').map((p) => p.x / 1000) };
}

describe('HostLive', () => {
	it('buffers samples that beat the ack, then merges them after history without a duplicate', () => {
		const { fake, live, cpu } = setup();
		const first = fake.lastSubscribe();
		expect(first.payload).toEqual({ hostId: 'web-1' });
		// The room was joined before history was read: 3 is in both, 4 only live.
		fake.deliver('host:sample', sample(3_000));
		fake.deliver('host:sample', sample(4_000));
		expect(live.points).toBe(0);
		first.ack!({ ok: true, data: snapshot([1_000, 2_000, 3_000]) });
		expect(cpu()).toEqual([1, 2, 3, 4]);
		expect(live.phase).toBe('ready');
		expect(live.latest?.ts).toBe(4_000);
		fake.deliver('host:sample', sample(5_000));
		expect(cpu()).toEqual([1, 2, 3, 4, 5]);
	});

	it("takes the server's window and clock from the snapshot", () => {
		const { fake, live, clock } = setup();
		fake.lastSubscribe().ack!({ ok: true, data: snapshot([1_000]) });
		expect(live.windowMs).toBe(600_000);
		expect(live.series.windowMs).toBe(600_000);
		clock.start()();
		expect(Math.abs(clock.now - 1_000_000)).toBeLessThan(1_000);
	});

	it('ignores samples of other hosts', () => {
		const { fake, cpu } = setup();
		fake.lastSubscribe().ack!({ ok: true, data: snapshot([1_000]) });
		fake.deliver('host:sample', { ...sample(2_000), host: 'db-1' });
		expect(cpu()).toEqual([1]);
	});

	it('resubscribes from the newest timestamp + 1 on reconnection and fills the gap', () => {
		const { fake, cpu } = setup();
		fake.lastSubscribe().ack!({ ok: true, data: snapshot([1_000, 2_000]) });
		fake.reconnect();
		const again = fake.lastSubscribe();
		expect(again.payload).toEqual({ hostId: 'web-1', from: 2_001 });
		fake.deliver('host:sample', sample(6_000));
		again.ack!({ ok: true, data: snapshot([3_000, 4_000, 5_000, 6_000]) });
		expect(cpu()).toEqual([1, 2, 3, 4, 5, 6]);
	});

	it('drops the answer to a subscription that a reconnection replaced', () => {
		const { fake, cpu } = setup();
		const stale = fake.lastSubscribe();
		fake.reconnect();
		const fresh = fake.lastSubscribe();
		stale.ack!({ ok: true, data: snapshot([9_000]) });
		expect(cpu()).toEqual([]);
		fresh.ack!({ ok: true, data: snapshot([1_000]) });
		expect(cpu()).toEqual([1]);
	});

	it('reports a refused subscription', () => {
		const { fake, live } = setup();
		fake.lastSubscribe().ack!({ ok: false, error: 'invalid_payload', details: 'hostId: bad' });
		expect(live.phase).toBe('error');
		expect(live.error).toBe('invalid_payload: hostId: bad');
	});

	it('follows status changes and stops listening after cleanup, unsubscribing', () => {
		const { fake, live, stop, cpu } = setup();
		fake.lastSubscribe().ack!({ ok: true, data: snapshot([1_000]) });
		fake.deliver('host:status', { hostId: 'web-1', status: 'stale', lastSeen: 42 });
		expect(live.status).toBe('stale');
		expect(live.lastSeen).toBe(42);
		stop();
		fake.deliver('host:sample', sample(2_000));
		expect(cpu()).toEqual([1]);
		const last = fake.emitted.at(-1)!;
		expect(last.event).toBe('host:unsubscribe');
		expect(last.payload).toEqual({ hostId: 'web-1' });
	});
});
