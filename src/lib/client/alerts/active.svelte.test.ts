import { describe, expect, it } from 'vitest';
import type { Ack } from '$lib/protocol/ack';
import type { ActiveAlert, ActiveAlerts } from '$lib/protocol/alerts';
import type { Connection } from '../connection.svelte';
import { ActiveAlertsStore } from './active.svelte';

type Handler = (payload: never) => void;

/** Just enough of a Connection: records emits, lets the test play the server. */
class FakeConnection {
	handlers = new Map<string, Set<Handler>>();
	emitted: { event: string; ack: (res: Ack<ActiveAlerts>) => void }[] = [];
	listeners = new Set<() => void>();
	socket = {
		connected: true,
		on: (event: string, handler: Handler) => {
			if (!this.handlers.has(event)) this.handlers.set(event, new Set());
			this.handlers.get(event)!.add(handler);
		},
		off: (event: string, handler: Handler) => this.handlers.get(event)?.delete(handler),
		emit: (event: string, _payload: unknown, ack: (res: Ack<ActiveAlerts>) => void) => {
			this.emitted.push({ event, ack });
		}
	};
	onConnect(listener: () => void) {
		this.listeners.add(listener);
		if (this.socket.connected) listener();
		return () => this.listeners.delete(listener);
	}
	deliver(event: string, payload: unknown) {
		for (const handler of this.handlers.get(event) ?? []) handler(payload as never);
	}
	reconnect() {
		for (const listener of this.listeners) listener();
	}
	subscriptions() {
		return this.emitted.filter((e) => e.event === 'alerts:subscribe');
	}
}

function alert(hostId: string, state: ActiveAlert['state'] = 'firing', severity: ActiveAlert['severity'] = 'warning'): ActiveAlert {
	return { ruleId: 'r1', ruleName: 'CPU high', hostId, state, severity, since: 1, firedAt: state === 'firing' ? 2 : null, value: 99, summary: 's' };
}

function setup() {
	const connection = new FakeConnection();
	const synced: number[] = [];
	const store = new ActiveAlertsStore(connection as unknown as Connection, { sync: (t) => synced.push(t) });
	return { connection, store, synced };
}

describe('ActiveAlertsStore', () => {
	it('subscribes once per connection and shows the answer, in reading order', () => {
		const { connection, store, synced } = setup();
		const stop = store.start();
		expect(connection.subscriptions()).toHaveLength(1);
		expect(store.loaded).toBe(false);
		connection.subscriptions()[0].ack({ ok: true, data: { serverTime: 10, alerts: [alert('b', 'pending'), alert('a')] } });
		expect(store.loaded).toBe(true);
		expect(store.alerts.map((a) => a.hostId)).toEqual(['a', 'b']);
		expect(store.forHost('a')).toEqual({ firing: 1, pending: 0, worst: 'warning' });
		expect(store.forHost('c')).toBeUndefined();
		expect(synced).toEqual([10]);
		stop();
	});

	it('replaces the list on every push and drops a push older than what it shows', () => {
		const { connection, store } = setup();
		const stop = store.start();
		connection.subscriptions()[0].ack({ ok: true, data: { serverTime: 10, alerts: [alert('a')] } });
		connection.deliver('alerts:active', { serverTime: 12, alerts: [alert('a', 'firing', 'critical'), alert('b')] });
		expect(store.alerts).toHaveLength(2);
		expect(store.forHost('a')?.worst).toBe('critical');
		connection.deliver('alerts:active', { serverTime: 11, alerts: [] });
		expect(store.alerts).toHaveLength(2);
		connection.deliver('alerts:active', { serverTime: 13, alerts: [] });
		expect(store.alerts).toHaveLength(0);
		expect(store.forHost('a')).toBeUndefined();
		stop();
	});

	it('subscribes again on reconnection and takes that answer even from a clock that went back (a restarted server)', () => {
		const { connection, store } = setup();
		const stop = store.start();
		connection.subscriptions()[0].ack({ ok: true, data: { serverTime: 1_000, alerts: [alert('a')] } });
		connection.reconnect();
		expect(connection.subscriptions()).toHaveLength(2);
		connection.subscriptions()[1].ack({ ok: true, data: { serverTime: 500, alerts: [] } });
		expect(store.alerts).toHaveLength(0);
		stop();
	});

	it('shows a refusal, and clears it with the next answer', () => {
		const { connection, store } = setup();
		const stop = store.start();
		connection.subscriptions()[0].ack({ ok: false, error: 'internal', details: 'boom' });
		expect(store.error).toBe('internal: boom');
		connection.reconnect();
		connection.subscriptions()[1].ack({ ok: true, data: { serverTime: 1, alerts: [] } });
		expect(store.error).toBeNull();
		stop();
	});

	it('stops listening on cleanup: no push, late ack or reconnection changes anything', () => {
		const { connection, store } = setup();
		const stop = store.start();
		const first = connection.subscriptions()[0];
		stop();
		first.ack({ ok: true, data: { serverTime: 1, alerts: [alert('a')] } });
		connection.deliver('alerts:active', { serverTime: 2, alerts: [alert('a')] });
		connection.reconnect();
		expect(store.alerts).toHaveLength(0);
		expect(connection.subscriptions()).toHaveLength(1);
		expect(connection.handlers.get('alerts:active')?.size ?? 0).toBe(0);
	});
});
