import type { HostSnapshot, HostStatusChange, HostSummary, ProcessesSnapshot } from '$lib/protocol/dashboard';
import type { Filesystem, HostInfo, HostStatus, Sample } from '$lib/protocol/schemas';
import type { ServerClock } from './clock.svelte';
import type { Connection } from './connection.svelte';
import { HostSeries } from './host-series';

/** The span charts show until the server says its own (HostSnapshot.windowMs): its default. */
export const DEFAULT_WINDOW_MS = 15 * 60_000;

/** `loading` until the first answer; `ready` once subscribed; `error` if the server refused. */
export type HostPhase = 'loading' | 'ready' | 'error';

/**
 * One host page's live data. History and live samples meet in one {@link HostSeries}:
 *
 * - Subscribing joins the host's room before the server reads history, so a sample can be
 *   in both; samples that arrive before the ack are buffered, then merged after the history,
 *   and the series drops any timestamp it already holds. No duplicate at the seam, no gap.
 * - On reconnection the subscription is renewed with `from` = newest timestamp held + 1,
 *   and what the server returns is merged the same way.
 */
export class HostLive {
	/** The chart data; not reactive (see HostSeries). `points` tells when its size changes. */
	readonly series = new HostSeries(DEFAULT_WINDOW_MS);

	#phase = $state<HostPhase>('loading');
	#error = $state<string | null>(null);
	#info = $state.raw<HostInfo | null>(null);
	#summary = $state.raw<HostSummary | null>(null);
	#status = $state<HostStatus>('offline');
	#lastSeen = $state<number | null>(null);
	#latest = $state.raw<Sample | null>(null);
	#fs = $state.raw<Filesystem[] | null>(null);
	#procs = $state.raw<ProcessesSnapshot | null>(null);
	#points = $state(0);
	#cores = $state(0);
	#windowMs = $state(DEFAULT_WINDOW_MS);
	/** Live samples received while a subscription's ack is pending; null when none is. */
	#pending: Sample[] | null = null;
	#generation = 0;

	constructor(
		private readonly connection: Connection,
		readonly hostId: string,
		private readonly clock: ServerClock
	) {}

	get phase(): HostPhase {
		return this.#phase;
	}
	get error(): string | null {
		return this.#error;
	}
	/** Static facts from the agent's hello; null for a host the server does not know. */
	get info(): HostInfo | null {
		return this.#info;
	}
	/** The server's summary as of the subscription; null for a host the server does not know. */
	get summary(): HostSummary | null {
		return this.#summary;
	}
	get status(): HostStatus {
		return this.#status;
	}
	/** Server clock (ms) of the agent's last message. */
	get lastSeen(): number | null {
		return this.#lastSeen;
	}
	/** The newest sample (per-interface rates, uptime, temperature). */
	get latest(): Sample | null {
		return this.#latest;
	}
	get filesystems(): Filesystem[] | null {
		return this.#fs;
	}
	get processes(): ProcessesSnapshot | null {
		return this.#procs;
	}
	/** Points held per series; changes with every merge. */
	get points(): number {
		return this.#points;
	}
	/** The span the charts show (the server's history window). */
	get windowMs(): number {
		return this.#windowMs;
	}
	/** Per-core CPU series held. */
	get cores(): number {
		return this.#cores;
	}

	/** Subscribes now (or once connected) and again on every reconnection; returns the cleanup. */
	start(): () => void {
		const socket = this.connection.socket;
		const onSample = (sample: Sample) => {
			if (sample.host !== this.hostId) return;
			if (this.#pending) this.#pending.push(sample);
			else this.#addSamples([sample]);
		};
		const onStatus = (change: HostStatusChange) => {
			if (change.hostId !== this.hostId) return;
			this.#status = change.status;
			this.#lastSeen = change.lastSeen;
		};
		socket.on('host:sample', onSample);
		socket.on('host:status', onStatus);
		const stopConnect = this.connection.onConnect(() => this.#subscribe());
		return () => {
			this.#generation++; // answers still in flight are for nobody now
			stopConnect();
			socket.off('host:sample', onSample);
			socket.off('host:status', onStatus);
			if (socket.connected) socket.emit('host:unsubscribe', { hostId: this.hostId });
		};
	}

	#subscribe(): void {
		const generation = ++this.#generation;
		// Buffer from the moment we ask: the room is joined before the history is read.
		// What an earlier, unanswered request buffered is dropped: it is newer than what the
		// series holds, so `from` asks the server for it again.
		this.#pending = [];
		const newest = this.series.newestTs;
		const request = newest === null ? { hostId: this.hostId } : { hostId: this.hostId, from: newest + 1 };
		this.connection.socket.emit('host:subscribe', request, (res) => {
			if (generation !== this.#generation) return;
			const buffered = this.#pending ?? [];
			this.#pending = null;
			if (!res.ok) {
				this.#phase = 'error';
				this.#error = res.details ? `${res.error}: ${res.details}` : res.error;
				return;
			}
			this.#applySnapshot(res.data);
			this.#addSamples(buffered);
			this.#error = null;
			this.#phase = 'ready';
		});
	}

	#applySnapshot(snapshot: HostSnapshot): void {
		this.clock.sync(snapshot.serverTime);
		this.series.windowMs = this.#windowMs = snapshot.windowMs;
		this.#info = snapshot.info ?? this.#info;
		this.#summary = snapshot.summary ?? this.#summary;
		if (snapshot.summary) {
			this.#status = snapshot.summary.status;
			this.#lastSeen = snapshot.summary.lastSeen;
		}
		this.series.addWindow(snapshot.window);
		if (snapshot.latest) this.#takeLatest(snapshot.latest);
		if (snapshot.fs) this.#fs = snapshot.fs;
		if (snapshot.procs) this.#procs = snapshot.procs;
		this.#counted();
	}

	#addSamples(samples: Sample[]): void {
		if (samples.length === 0) return;
		for (const sample of samples) {
			this.series.addSample(sample);
			this.#takeLatest(sample);
		}
		this.#counted();
	}

	/** Keeps the newest sample, and the newest filesystems and processes (not in every sample). */
	#takeLatest(sample: Sample): void {
		const latest = this.#latest;
		if (latest && sample.ts < latest.ts) return;
		if (latest?.ts !== sample.ts) this.#latest = sample;
		if (sample.fs) this.#fs = sample.fs;
		if (sample.procs) this.#procs = sample.procs;
	}

	#counted(): void {
		this.#points = this.series.size;
		this.#cores = this.series.coreCount;
	}
}
