import { io, type Socket } from 'socket.io-client';
import {
	PROTOCOL_VERSION,
	type AgentToServerEvents,
	type DashboardToServerEvents,
	type HostStatusChange,
	type OverviewUpdate,
	type Sample,
	type ServerToAgentEvents,
	type ServerToDashboardEvents
} from '../../src/lib/protocol/index.js';

export type DashboardSocket = Socket<ServerToDashboardEvents, DashboardToServerEvents>;
export type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

/** A dashboard connection that records everything the server pushes to it. */
export class DashboardClient {
	readonly socket: DashboardSocket;
	readonly samples: Sample[] = [];
	readonly statuses: HostStatusChange[] = [];
	readonly overviews: { at: number; update: OverviewUpdate }[] = [];

	constructor(url: string) {
		this.socket = io(`${url}/dashboard`, { transports: ['websocket'], reconnection: false, forceNew: true });
		this.socket.on('host:sample', (s) => this.samples.push(s));
		this.socket.on('host:status', (c) => this.statuses.push(c));
		this.socket.on('overview:update', (u) => this.overviews.push({ at: Date.now(), update: u }));
	}

	connected(): Promise<void> {
		return new Promise((resolve, reject) => {
			if (this.socket.connected) return resolve();
			this.socket.once('connect', () => resolve());
			this.socket.once('connect_error', reject);
		});
	}

	close(): void {
		this.socket.close();
	}
}

/** A hand-driven agent connection (the tests play a well- or ill-behaved agent). */
export function agentSocket(url: string, auth: Record<string, unknown>, opts: { transports?: ('websocket' | 'polling')[] } = {}): AgentSocket {
	return io(`${url}/agent`, { auth, transports: opts.transports ?? ['websocket'], reconnection: false, forceNew: true });
}

export function agentAuth(token: string, hostId: string): Record<string, unknown> {
	return { token, hostId, protocol: PROTOCOL_VERSION };
}

/** Resolves on `connect`, rejects with the server's refusal on `connect_error`. */
export function connectOrRefusal(socket: Socket): Promise<{ connected: true } | { connected: false; message: string; details?: string }> {
	return new Promise((resolve) => {
		socket.once('connect', () => resolve({ connected: true }));
		socket.once('connect_error', (err: Error & { data?: { details?: string } }) =>
			resolve({ connected: false, message: err.message, details: err.data?.details })
		);
	});
}
