import {
	ALERTS_ROOM,
	hostRoom,
	type ActiveAlerts,
	OVERVIEW_ROOM,
	type HostStatusChange,
	type OverviewUpdate,
	type Sample
} from '../../protocol/index.js';
import type { Broadcaster } from '../live/broadcaster.js';
import type { DashboardNamespace } from './dashboard-namespace.js';

/**
 * Sends live data to dashboard rooms. Socket.IO encodes each broadcast once for the whole
 * room; rooms nobody has joined on this instance are skipped before any encoding.
 * (With a multi-instance adapter, the emptiness check must ask the adapter instead.)
 */
export class SocketBroadcaster implements Broadcaster {
	constructor(private readonly nsp: DashboardNamespace) {}

	sample(hostId: string, sample: Sample): void {
		const room = hostRoom(hostId);
		if (this.watched(room)) this.nsp.to(room).emit('host:sample', sample);
	}

	status(change: HostStatusChange): void {
		this.nsp.to(OVERVIEW_ROOM).to(hostRoom(change.hostId)).emit('host:status', change);
	}

	overview(update: OverviewUpdate): void {
		this.nsp.to(OVERVIEW_ROOM).emit('overview:update', update);
	}

	alerts(active: ActiveAlerts): void {
		this.nsp.to(ALERTS_ROOM).emit('alerts:active', active);
	}

	overviewWatched(): boolean {
		return this.watched(OVERVIEW_ROOM);
	}

	private watched(room: string): boolean {
		return (this.nsp.adapter.rooms.get(room)?.size ?? 0) > 0;
	}
}
