import { SvelteMap } from 'svelte/reactivity';
import type { HostOverviewEntry, HostStatusChange, HostSummary, HostSummaryChange, OverviewUpdate } from '$lib/protocol/dashboard';
import { LIMITS } from '$lib/protocol/limits';
import type { HostStatus } from '$lib/protocol/schemas';
import type { ServerClock } from './clock.svelte';
import type { Connection } from './connection.svelte';

/** CPU values a card's sparkline keeps (the server sends as many in the snapshot). */
export const SPARK_POINTS = LIMITS.sparklinePoints;

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
	const keys = Object.keys(a);
	return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/**
 * One overview card's live state. Every figure is its own signal, so an update that changes
 * only the CPU figure re-renders only the CPU figure. The fields are written by
 * {@link OverviewStore} only; components read them.
 */
export class LiveHost implements HostSummary {
	readonly id: string;
	hostname = $state('');
	os = $state('');
	labels = $state.raw<Record<string, string>>({});
	status = $state<HostStatus>('offline');
	lastSeen = $state<number | null>(null);
	lastSampleTs = $state<number | null>(null);
	cpu = $state<number | null>(null);
	mem = $state<number | null>(null);
	disk = $state<number | null>(null);
	netRx = $state<number | null>(null);
	netTx = $state<number | null>(null);
	load1 = $state<number | null>(null);
	temp = $state<number | null>(null);
	uptime = $state<number | null>(null);
	cores = $state<number | null>(null);
	dropped = $state(0);
	/** Recent CPU percentages, oldest first; replaced (never mutated) on change. */
	spark = $state.raw<readonly number[]>([]);

	constructor(id: string) {
		this.id = id;
		this.hostname = id;
	}

	/** Applies a snapshot entry: its sparkline replaces ours. */
	reset(entry: HostOverviewEntry): void {
		this.#assign(entry);
		this.spark = entry.spark.slice(-SPARK_POINTS);
	}

	/** Applies an update (only the fields that changed); the sparkline grows when a newer sample is behind it. */
	update(change: HostSummaryChange): void {
		const previousTs = this.lastSampleTs;
		this.#assign(change);
		const ts = this.lastSampleTs;
		if (ts !== null && this.cpu !== null && (previousTs === null || ts > previousTs)) {
			const spark = this.spark.slice(this.spark.length >= SPARK_POINTS ? 1 - SPARK_POINTS : 0);
			spark.push(this.cpu);
			this.spark = spark;
		}
	}

	setStatus(change: HostStatusChange): void {
		this.status = change.status;
		this.lastSeen = change.lastSeen;
	}

	#assign(s: HostSummaryChange | HostSummary): void {
		// Absent fields did not change. Signals ignore writes of an equal value, so unchanged
		// figures do not wake their readers; labels are compared by content.
		if (s.hostname !== undefined) this.hostname = s.hostname;
		if (s.os !== undefined) this.os = s.os;
		if (s.labels !== undefined && !sameLabels(this.labels, s.labels)) this.labels = s.labels;
		if (s.status !== undefined) this.status = s.status;
		if (s.lastSeen !== undefined) this.lastSeen = s.lastSeen;
		if (s.lastSampleTs !== undefined) this.lastSampleTs = s.lastSampleTs;
		if (s.cpu !== undefined) this.cpu = s.cpu;
		if (s.mem !== undefined) this.mem = s.mem;
		if (s.disk !== undefined) this.disk = s.disk;
		if (s.netRx !== undefined) this.netRx = s.netRx;
		if (s.netTx !== undefined) this.netTx = s.netTx;
		if (s.load1 !== undefined) this.load1 = s.load1;
		if (s.temp !== undefined) this.temp = s.temp;
		if (s.uptime !== undefined) this.uptime = s.uptime;
		if (s.cores !== undefined) this.cores = s.cores;
		if (s.dropped !== undefined) this.dropped = s.dropped;
	}
}

/**
 * The overview's hosts, kept live: subscribes on every (re)connection — each snapshot is
 * complete and replaces what we hold — then applies coalesced updates and status changes.
 */
export class OverviewStore {
	#hosts = new SvelteMap<string, LiveHost>();
	#loaded = $state(false);
	#error = $state<string | null>(null);
	#revision = 0;

	constructor(
		private readonly connection: Connection,
		private readonly clock: ServerClock
	) {}

	/** Hosts by id; adding or removing one is reactive, their figures are reactive per field. */
	get hosts(): ReadonlyMap<string, LiveHost> {
		return this.#hosts;
	}

	/** Whether a snapshot has arrived since the store started. */
	get loaded(): boolean {
		return this.#loaded;
	}

	/** Why the last subscription failed, if it did. */
	get error(): string | null {
		return this.#error;
	}

	/** Bumps on every change; deliberately not reactive, so that ordering can poll it at its own pace. */
	get revision(): number {
		return this.#revision;
	}

	/** Subscribes now (or once connected) and on every reconnection; returns the cleanup. */
	start(): () => void {
		const socket = this.connection.socket;
		let active = true;
		const subscribe = () => {
			socket.emit('overview:subscribe', {}, (res) => {
				if (!active) return;
				if (!res.ok) {
					this.#error = res.details ? `${res.error}: ${res.details}` : res.error;
					return;
				}
				this.#error = null;
				this.#applySnapshot(res.data.hosts, res.data.serverTime);
			});
		};
		const onUpdate = (update: OverviewUpdate) => this.#applyUpdate(update);
		const onStatus = (change: HostStatusChange) => {
			const host = this.#hosts.get(change.hostId);
			if (!host) return; // a new host: the next overview update brings all of it
			host.setStatus(change);
			this.#revision++;
		};
		socket.on('overview:update', onUpdate);
		socket.on('host:status', onStatus);
		const stopConnect = this.connection.onConnect(subscribe);
		return () => {
			active = false;
			stopConnect();
			socket.off('overview:update', onUpdate);
			socket.off('host:status', onStatus);
			if (socket.connected) socket.emit('overview:unsubscribe', {});
		};
	}

	#applySnapshot(entries: HostOverviewEntry[], serverTime: number): void {
		this.clock.sync(serverTime);
		const seen = new Set<string>();
		for (const entry of entries) {
			seen.add(entry.id);
			this.#host(entry.id).reset(entry);
		}
		for (const id of this.#hosts.keys()) if (!seen.has(id)) this.#hosts.delete(id);
		this.#loaded = true;
		this.#revision++;
	}

	#applyUpdate(update: OverviewUpdate): void {
		this.clock.sync(update.serverTime);
		for (const summary of update.hosts) this.#host(summary.id).update(summary);
		this.#revision++;
	}

	#host(id: string): LiveHost {
		let host = this.#hosts.get(id);
		if (!host) {
			host = new LiveHost(id);
			this.#hosts.set(id, host);
		}
		return host;
	}
}
