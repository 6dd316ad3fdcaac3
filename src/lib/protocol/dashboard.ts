import type { Filesystem, HostInfo, HostStatus, ProcessInfo, Sample } from './schemas.js';
import type { SeriesWindow } from './series.js';

/** What the overview shows of one host: its latest figures, small enough to send every second. */
export interface HostSummary {
	id: string;
	hostname: string;
	os: string;
	labels: Record<string, string>;
	status: HostStatus;
	/** Server clock (ms) of the last message from the host's agent; null if never seen. */
	lastSeen: number | null;
	/** Host clock (ms) of the newest sample; null before the first sample. */
	lastSampleTs: number | null;
	cpu: number | null;
	/** Memory used, percent of total. */
	mem: number | null;
	/** Fullest filesystem, percent used. */
	disk: number | null;
	netRx: number | null;
	netTx: number | null;
	load1: number | null;
	temp: number | null;
	uptime: number | null;
	cores: number | null;
	/** Samples the host's agent dropped (buffer full during a long outage), as it reported. */
	dropped: number;
}

/** Summary plus the recent CPU values for the card's sparkline (oldest first). */
export interface HostOverviewEntry extends HostSummary {
	spark: number[];
}

export interface OverviewSnapshot {
	serverTime: number;
	hosts: HostOverviewEntry[];
}

/**
 * What changed in one host's summary since the previous overview update: its id and only the
 * fields whose value changed (a host new to the update carries every field).
 */
export type HostSummaryChange = Pick<HostSummary, 'id'> & Partial<Omit<HostSummary, 'id'>>;

/** Hosts whose summary changed since the previous update; at most one update per second. */
export interface OverviewUpdate {
	serverTime: number;
	hosts: HostSummaryChange[];
}

export interface HostStatusChange {
	hostId: string;
	status: HostStatus;
	lastSeen: number | null;
}

export interface ProcessesSnapshot {
	total: number;
	running: number;
	top: ProcessInfo[];
}

/** Everything a host page needs on open; live `host:sample` events continue from here. */
export interface HostSnapshot {
	/** Server clock (ms) when the snapshot was taken: `lastSeen` is on this clock. */
	serverTime: number;
	/** The recent window the server keeps (PULSE_HISTORY_WINDOW_S), in ms: what a chart spans. */
	windowMs: number;
	summary: HostSummary | null;
	info: HostInfo | null;
	window: SeriesWindow;
	/** Latest known filesystems and processes (measured less often than every sample). */
	fs: Filesystem[] | null;
	procs: ProcessesSnapshot | null;
	/** The newest sample, so per-interface figures show before the next live one. */
	latest: Sample | null;
}
