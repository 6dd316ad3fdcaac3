import type { Ack } from './ack.js';
import type { ActiveAlerts } from './alerts.js';
import type {
	HostSnapshot,
	HostStatusChange,
	OverviewSnapshot,
	OverviewUpdate
} from './dashboard.js';
import type { HostInfo, HostSubscribe, Sample, SampleBatch } from './schemas.js';

/** Socket.IO namespaces: agents and dashboards are separated, each with its own auth. */
export const NAMESPACES = { agent: '/agent', dashboard: '/dashboard' } as const;

/** Room of the dashboards watching one host's live samples. */
export function hostRoom(hostId: string): string {
	return `host:${hostId}`;
}
/** Room of the dashboards showing the overview. */
export const OVERVIEW_ROOM = 'overview';
/** Room of the dashboards following active alerts. */
export const ALERTS_ROOM = 'alerts';

export interface HelloAccepted {
	/** Server clock (ms), so an agent can notice a badly skewed host clock. */
	serverTime: number;
	/**
	 * Identifies this run of the server. When it changes between two hellos the server has
	 * restarted and may have lost its last unwritten samples: the agent sends its recently
	 * acknowledged samples again (the server drops those it has).
	 */
	bootId: string;
}

export interface SamplesAccepted {
	/** Samples stored by this batch. */
	accepted: number;
	/** Samples the server already had (same host and sequence number): replay is idempotent. */
	duplicates: number;
	/** Highest sequence number now held for this host. */
	lastSeq: number;
}

// Agent → server, on NAMESPACES.agent.
export interface AgentToServerEvents {
	'agent:hello': (info: HostInfo, ack: (res: Ack<HelloAccepted>) => void) => void;
	'agent:samples': (batch: SampleBatch, ack: (res: Ack<SamplesAccepted>) => void) => void;
}

/** Samples the server stored from `agent:samples` sent without an ack callback. */
export interface SamplesAcked {
	seqs: number[];
}

// Server → agent. `agent:acked` answers batches sent without a callback, several at a time:
// at 1 Hz that is one packet every few seconds instead of one per sample (see docs/protocol.md).
export interface ServerToAgentEvents {
	'agent:acked': (acked: SamplesAcked) => void;
}

// Dashboard → server, on NAMESPACES.dashboard.
export interface DashboardToServerEvents {
	'overview:subscribe': (req: Record<string, never>, ack: (res: Ack<OverviewSnapshot>) => void) => void;
	'overview:unsubscribe': (req: Record<string, never>) => void;
	'host:subscribe': (req: HostSubscribe, ack: (res: Ack<HostSnapshot>) => void) => void;
	'host:unsubscribe': (req: HostSubscribe) => void;
	'alerts:subscribe': (req: Record<string, never>, ack: (res: Ack<ActiveAlerts>) => void) => void;
}

// Server → dashboard.
export interface ServerToDashboardEvents {
	'overview:update': (update: OverviewUpdate) => void;
	'host:sample': (sample: Sample) => void;
	'host:status': (change: HostStatusChange) => void;
	/** Every pending and firing alert, sent whenever that list changes. */
	'alerts:active': (active: ActiveAlerts) => void;
}

/** Event names each namespace accepts; anything else is answered with `unknown_event`. */
export const AGENT_INBOUND_EVENTS = ['agent:hello', 'agent:samples'] as const satisfies readonly (keyof AgentToServerEvents)[];
export const DASHBOARD_INBOUND_EVENTS = [
	'overview:subscribe',
	'overview:unsubscribe',
	'host:subscribe',
	'host:unsubscribe',
	'alerts:subscribe'
] as const satisfies readonly (keyof DashboardToServerEvents)[];
