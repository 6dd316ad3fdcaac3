import type {
	Filesystem,
	HostInfo,
	HostStatus,
	HostStatusChange,
	ProcessesSnapshot,
	Sample,
	StoredHost
} from '../../protocol/index.js';

/** What the server knows about one host right now. */
export interface HostRecord {
	id: string;
	info: HostInfo | null;
	status: HostStatus;
	/** Server clock: since when the host has had this status (drives offline/stale alerts). */
	statusSince: number;
	/** Socket of the agent currently speaking for the host, if any. */
	socketId: string | null;
	/** Server clock (ms) of the last message from the agent. */
	lastSeen: number | null;
	/** Server clock (ms) when the newest sample arrived; drives `stale`. */
	lastSampleAt: number | null;
	latest: Sample | null;
	fs: Filesystem[] | null;
	procs: ProcessesSnapshot | null;
	/** Samples the agent reported dropping (its buffer was full while the server was away). */
	dropped: number;
	/** Host clock of the samples that carried `fs` and `procs` (they come less often). */
	fsTs: number;
	procsTs: number;
}

/**
 * Host state machine: online while an agent is connected and sampling, stale when the
 * connection lives but samples stop, offline when the connection is gone. Pure: it is told
 * the time and returns the changes; the caller broadcasts them.
 */
export class HostRegistry {
	private hosts = new Map<string, HostRecord>();

	constructor(private readonly staleAfterMs: number) {}

	get(hostId: string): HostRecord | undefined {
		return this.hosts.get(hostId);
	}

	all(): IterableIterator<HostRecord> {
		return this.hosts.values();
	}

	get size(): number {
		return this.hosts.size;
	}

	/**
	 * An agent connected for `hostId`. Returns the socket it replaces (a second agent claiming
	 * the same id wins; the older connection is to be closed) and the status change, if any.
	 */
	connected(hostId: string, socketId: string, now: number): { replaced: string | null; change: HostStatusChange | null } {
		const host = this.ensure(hostId, now);
		const replaced = host.socketId !== null && host.socketId !== socketId ? host.socketId : null;
		host.socketId = socketId;
		host.lastSeen = now;
		host.lastSampleAt = now; // grace period: stale only if no sample arrives within staleAfter
		return { replaced, change: this.setStatus(host, 'online', now) };
	}

	/** A host known from an earlier run: listed as offline until its agent connects. */
	restore(host: StoredHost, now: number): void {
		const record = this.ensure(host.hostId, now);
		record.info ??= host.info;
		record.lastSeen ??= host.lastSeen;
	}

	hello(hostId: string, info: HostInfo, now: number): void {
		const host = this.ensure(hostId, now);
		host.info = info;
		host.lastSeen = now;
	}

	/** Records the newest sample of a batch (the batch is in any order). */
	sampled(hostId: string, samples: readonly Sample[], now: number, agentDropped?: number): HostStatusChange | null {
		const host = this.ensure(hostId, now);
		if (agentDropped !== undefined) host.dropped = agentDropped;
		for (const s of samples) {
			if (!host.latest || s.ts >= host.latest.ts) host.latest = s;
			if (s.fs && s.ts >= host.fsTs) {
				host.fs = s.fs;
				host.fsTs = s.ts;
			}
			if (s.procs && s.ts >= host.procsTs) {
				host.procs = s.procs;
				host.procsTs = s.ts;
			}
		}
		host.lastSeen = now;
		host.lastSampleAt = now;
		return host.socketId === null ? null : this.setStatus(host, 'online', now);
	}

	/** The agent's connection closed; ignored if a newer connection already replaced it. */
	disconnected(hostId: string, socketId: string, now: number): HostStatusChange | null {
		const host = this.hosts.get(hostId);
		if (!host || host.socketId !== socketId) return null;
		host.socketId = null;
		host.lastSeen = now;
		return this.setStatus(host, 'offline', now);
	}

	/** Marks connected hosts without recent samples as stale. */
	sweep(now: number): HostStatusChange[] {
		const changes: HostStatusChange[] = [];
		for (const host of this.hosts.values()) {
			if (host.status !== 'online' || host.lastSampleAt === null) continue;
			if (now - host.lastSampleAt > this.staleLimit(host)) {
				const change = this.setStatus(host, 'stale', now);
				if (change) changes.push(change);
			}
		}
		return changes;
	}

	private staleLimit(host: HostRecord): number {
		return Math.max(this.staleAfterMs, 3 * (host.info?.intervalMs ?? 1_000));
	}

	private ensure(hostId: string, now: number): HostRecord {
		let host = this.hosts.get(hostId);
		if (!host) {
			host = {
				id: hostId,
				info: null,
				status: 'offline',
				statusSince: now,
				socketId: null,
				lastSeen: null,
				lastSampleAt: null,
				latest: null,
				fs: null,
				procs: null,
				dropped: 0,
				fsTs: -1,
				procsTs: -1
			};
			this.hosts.set(hostId, host);
		}
		return host;
	}

	private setStatus(host: HostRecord, status: HostStatus, now: number): HostStatusChange | null {
		if (host.status === status) return null;
		host.status = status;
		host.statusSince = now;
		return { hostId: host.id, status, lastSeen: host.lastSeen };
	}
}
