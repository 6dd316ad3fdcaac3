import type { Namespace, Socket } from 'socket.io';
import { z } from 'zod';
import {
	ALERTS_ROOM,
	DASHBOARD_INBOUND_EVENTS,
	type ActiveAlerts,
	fail,
	hostRoom,
	HostSubscribeSchema,
	ok,
	OVERVIEW_ROOM,
	type DashboardToServerEvents,
	type HostSnapshot,
	type OverviewSnapshot,
	type ServerToDashboardEvents
} from '../../protocol/index.js';
import type { LiveHub } from '../live/hub.js';
import type { Logger } from '../logger.js';
import type { ServerStats } from '../stats.js';
import { ackOf, allowOnly, validate } from './guard.js';

export type DashboardNamespace = Namespace<DashboardToServerEvents, ServerToDashboardEvents>;
type DashboardSocket = Socket<DashboardToServerEvents, ServerToDashboardEvents>;

/** A dashboard may watch this many host pages at once on one connection. */
export const MAX_HOST_SUBSCRIPTIONS = 64;

const EmptyRequestSchema = z.object({});

export interface DashboardNamespaceDeps {
	hub: LiveHub;
	alerts: { active(): ActiveAlerts };
	stats: ServerStats;
	log: Logger;
}

/** Dashboards: subscribe to the overview and to host pages; receive live data by room. */
export function registerDashboardNamespace(nsp: DashboardNamespace, deps: DashboardNamespaceDeps): void {
	const log = deps.log.child({ ns: 'dashboard' });
	const dashboardEvents = new Set<string>(DASHBOARD_INBOUND_EVENTS);

	nsp.on('connection', (socket: DashboardSocket) => {
		const at = { socket: socket.id };
		const reject = (event: string, code: string, details?: string) => {
			deps.stats.reject(code);
			log.warn({ ...at, event, code, details }, 'dashboard message rejected');
		};
		allowOnly(socket, dashboardEvents, (event, code) => reject(event, code));

		socket.on('overview:subscribe', (payload: unknown, ackArg?: unknown) => {
			const ack = ackOf<OverviewSnapshot>(ackArg);
			const req = validate(EmptyRequestSchema, payload);
			if (!req.ok) {
				reject('overview:subscribe', 'invalid_payload', req.details);
				return ack(fail('invalid_payload', req.details));
			}
			// Join before the snapshot: an update racing it repeats a value, it never skips one.
			socket.join(OVERVIEW_ROOM);
			ack(ok(deps.hub.overviewSnapshot()));
		});

		socket.on('overview:unsubscribe', () => {
			socket.leave(OVERVIEW_ROOM);
		});

		socket.on('host:subscribe', async (payload: unknown, ackArg?: unknown) => {
			const ack = ackOf<HostSnapshot>(ackArg);
			const req = validate(HostSubscribeSchema, payload);
			if (!req.ok) {
				reject('host:subscribe', 'invalid_payload', req.details);
				return ack(fail('invalid_payload', req.details));
			}
			const room = hostRoom(req.data.hostId);
			const watching = [...socket.rooms].filter((r) => r.startsWith('host:') && r !== room).length;
			if (watching >= MAX_HOST_SUBSCRIPTIONS) {
				const details = `at most ${MAX_HOST_SUBSCRIPTIONS} hosts per connection`;
				reject('host:subscribe', 'invalid_payload', details);
				return ack(fail('invalid_payload', details));
			}
			// Join first, then read history: every sample is in the history, the live stream, or
			// both (the browser drops the repeat by timestamp) — never in neither.
			socket.join(room);
			try {
				ack(ok(await deps.hub.hostSnapshot(req.data.hostId, req.data.from ?? 0)));
			} catch (err) {
				log.error({ ...at, err, hostId: req.data.hostId }, 'host snapshot failed');
				ack(fail('internal', 'could not read the host history'));
			}
		});

		socket.on('alerts:subscribe', (payload: unknown, ackArg?: unknown) => {
			const ack = ackOf<ActiveAlerts>(ackArg);
			const req = validate(EmptyRequestSchema, payload);
			if (!req.ok) {
				reject('alerts:subscribe', 'invalid_payload', req.details);
				return ack(fail('invalid_payload', req.details));
			}
			socket.join(ALERTS_ROOM);
			ack(ok(deps.alerts.active()));
		});

		socket.on('host:unsubscribe', (payload: unknown) => {
			const req = validate(HostSubscribeSchema, payload);
			if (!req.ok) return reject('host:unsubscribe', 'invalid_payload', req.details);
			socket.leave(hostRoom(req.data.hostId));
		});

		socket.on('error', (err) => log.warn({ ...at, err: err.message }, 'dashboard socket error'));
	});
}
