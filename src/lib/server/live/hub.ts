import {
	LIMITS,
	type HostInfo,
	type HostSnapshot,
	type HostStatusChange,
	type HostSummary,
	type HostSummaryChange,
	type OverviewSnapshot,
	type Sample
} from '../../protocol/index.js';
import type { HostRegistry } from '../hosts/registry.js';
import { summarize, summaryChange } from '../hosts/summary.js';
import type { ServerStats } from '../stats.js';
import type { AppendResult, SampleStore } from '../store/types.js';
import type { Broadcaster } from './broadcaster.js';

export interface LiveHubDeps {
	registry: HostRegistry;
	store: SampleStore;
	broadcaster: Broadcaster;
	stats: ServerStats;
	now: () => number;
	/** The recent window dashboards can ask for (PULSE_HISTORY_WINDOW_S). */
	windowMs: number;
	/** Called after a host's samples are stored (alert evaluation). */
	onSampled?: (hostId: string) => void;
}

/**
 * The live path between agents and dashboards: stores what agents send, keeps host state,
 * and tells dashboards — samples at once to each host's room, the overview coalesced into
 * at most one update per tick.
 */
export class LiveHub {
	private dirty = new Set<string>();
	/** Each host's summary as last sent in an overview update: updates carry only what changed. */
	private sent = new Map<string, HostSummary>();

	constructor(private readonly deps: LiveHubDeps) {}

	/** An agent connected; returns the socket id of an older connection it replaces. */
	agentConnected(hostId: string, socketId: string): string | null {
		const { replaced, change } = this.deps.registry.connected(hostId, socketId, this.deps.now());
		this.announce(change);
		return replaced;
	}

	hello(hostId: string, info: HostInfo): void {
		this.deps.registry.hello(hostId, info, this.deps.now());
		this.deps.store.declareHost(hostId, info, this.deps.now());
		this.dirty.add(hostId);
	}

	/** Stores a validated batch; call {@link publish} with it once the agent has its ack. */
	ingest(hostId: string, samples: readonly Sample[], agentDropped?: number): AppendResult {
		const result = this.deps.store.append(hostId, samples);
		this.deps.stats.samplesAccepted += result.accepted;
		this.deps.stats.samplesDuplicate += result.duplicates;
		this.announce(this.deps.registry.sampled(hostId, samples, this.deps.now(), agentDropped));
		this.dirty.add(hostId);
		if (result.accepted > 0) this.deps.onSampled?.(hostId);
		return result;
	}

	publish(hostId: string, samples: readonly Sample[]): void {
		for (const sample of samples) this.deps.broadcaster.sample(hostId, sample);
	}

	agentDisconnected(hostId: string, socketId: string): void {
		this.announce(this.deps.registry.disconnected(hostId, socketId, this.deps.now()));
	}

	/** Periodic work: stale detection, then one coalesced overview update. */
	tick(): void {
		for (const change of this.deps.registry.sweep(this.deps.now())) this.announce(change);
		if (this.dirty.size === 0) return;
		if (!this.deps.broadcaster.overviewWatched()) {
			this.dirty.clear();
			return;
		}
		const hosts: HostSummaryChange[] = [];
		for (const id of this.dirty) {
			const host = this.deps.registry.get(id);
			if (!host) continue;
			const summary = summarize(host);
			const change = summaryChange(this.sent.get(id), summary);
			this.sent.set(id, summary);
			if (change) hosts.push(change);
		}
		this.dirty.clear();
		if (hosts.length > 0) this.deps.broadcaster.overview({ serverTime: this.deps.now(), hosts });
	}

	overviewSnapshot(): OverviewSnapshot {
		const hosts = [];
		for (const host of this.deps.registry.all()) {
			hosts.push({ ...summarize(host), spark: this.deps.store.sparkline(host.id, LIMITS.sparklinePoints) });
		}
		return { serverTime: this.deps.now(), hosts };
	}

	async hostSnapshot(hostId: string, fromTs: number): Promise<HostSnapshot> {
		const host = this.deps.registry.get(hostId);
		const window = await this.deps.store.window(hostId, fromTs);
		return {
			serverTime: this.deps.now(),
			windowMs: this.deps.windowMs,
			summary: host ? summarize(host) : null,
			info: host?.info ?? null,
			window,
			fs: host?.fs ?? null,
			procs: host?.procs ?? null,
			latest: host?.latest ?? null
		};
	}

	private announce(change: HostStatusChange | null): void {
		if (!change) return;
		this.dirty.add(change.hostId);
		this.deps.broadcaster.status(change);
	}
}
