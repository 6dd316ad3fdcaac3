import { STATE_METRICS, type ActiveAlert, type Comparator, type Filesystem, type HostStatus, type Rule, type Sample } from '../../protocol/index.js';
import { compileSelector, type SelectableHost } from './selector.js';
import { displayValue, metricValue } from './values.js';

/** What the engine needs to know of a host. */
export interface HostView extends SelectableHost {
	status: HostStatus;
	/** Server clock: since when the host has had its current status. */
	statusSince: number;
	sample: Sample | null;
	fs: Filesystem[] | null;
}

/** The persisted state of a (rule, host) that is pending or firing. */
export interface AlertStateRecord {
	ruleId: string;
	hostId: string;
	state: 'pending' | 'firing';
	since: number;
	firedAt: number | null;
	value: number | null;
	lastNotifiedAt: number | null;
}

/** A state change to notify about; the service turns it into an AlertEvent. */
export interface Transition {
	rule: Rule;
	host: SelectableHost;
	kind: 'firing' | 'resolved';
	at: number;
	firedAt: number;
	value: number | null;
	repeat: boolean;
}

/** What one evaluation changed: notifications, and states to write or delete. */
export interface EngineResult {
	transitions: Transition[];
	upserts: AlertStateRecord[];
	removals: { ruleId: string; hostId: string }[];
}

interface CompiledRule {
	rule: Rule;
	matches: (host: SelectableHost) => boolean;
}

const compare = (value: number, op: Comparator, threshold: number) =>
	op === '>' ? value > threshold : op === '>=' ? value >= threshold : op === '<' ? value < threshold : value <= threshold;

/**
 * The per (rule, host) state machine: ok → pending → firing → resolved (→ ok). Value rules
 * are evaluated as samples arrive; state rules (offline, stale), `for` timers of state rules
 * and re-notifications on a tick. Pure: it is told the time and returns what changed; the
 * caller persists and notifies. A firing alert stays firing while its host sends no data: it
 * resolves on data that says so (past the clear threshold), not on silence.
 */
export class AlertEngine {
	private rules: CompiledRule[] = [];
	private states = new Map<string, AlertStateRecord>();

	constructor(states: readonly AlertStateRecord[] = []) {
		for (const s of states) this.states.set(key(s.ruleId, s.hostId), { ...s });
	}

	setRules(rules: readonly Rule[]): void {
		this.rules = rules.filter((r) => r.enabled).map((rule) => ({ rule, matches: compileSelector(rule.selector) }));
	}

	/**
	 * Alerts of rules that no longer apply (deleted, disabled, or no longer selecting the
	 * host): firing ones resolve, pending ones are dropped.
	 */
	reconcile(hosts: (id: string) => SelectableHost | undefined, deletedRules: ReadonlyMap<string, Rule>, now: number): EngineResult {
		const result = emptyResult();
		for (const [k, s] of this.states) {
			const current = this.rules.find((c) => c.rule.id === s.ruleId);
			const host = hosts(s.hostId);
			const applies = current && host && current.matches(host);
			if (applies) continue;
			this.states.delete(k);
			result.removals.push({ ruleId: s.ruleId, hostId: s.hostId });
			const rule = current?.rule ?? deletedRules.get(s.ruleId);
			if (s.state === 'firing' && rule)
				result.transitions.push({ rule, host: host ?? { id: s.hostId, hostname: s.hostId, labels: {} }, kind: 'resolved', at: now, firedAt: s.firedAt ?? s.since, value: s.value, repeat: false });
		}
		return result;
	}

	/** A host sent a sample: evaluates its value rules. */
	onSample(host: HostView, now: number): EngineResult {
		const result = emptyResult();
		if (!host.sample) return result;
		for (const c of this.rules) {
			if (STATE_METRICS.includes(c.rule.metric) || !c.matches(host)) continue;
			const value = metricValue(c.rule.metric, host.sample, host.fs, c.rule.mount);
			if (value === null) continue;
			const k = key(c.rule.id, host.id);
			const s = this.states.get(k);
			const breach = compare(value, c.rule.comparator!, c.rule.threshold!);
			const stillBreach = compare(value, c.rule.comparator!, c.rule.clear ?? c.rule.threshold!);
			this.step(c.rule, host, s, s?.state === 'firing' ? stillBreach : breach, now, now, displayValue(value), result);
		}
		return result;
	}

	/** Periodic: state rules for every host, `for` timers, re-notifications. */
	tick(hosts: Iterable<HostView>, now: number): EngineResult {
		const result = emptyResult();
		for (const host of hosts) {
			for (const c of this.rules) {
				if (!STATE_METRICS.includes(c.rule.metric) || !c.matches(host)) continue;
				const s = this.states.get(key(c.rule.id, host.id));
				const holds = host.status === c.rule.metric;
				this.step(c.rule, host, s, holds, now, holds ? host.statusSince : now, null, result);
			}
		}
		for (const s of this.states.values()) {
			if (s.state !== 'firing') continue;
			const rule = this.rules.find((c) => c.rule.id === s.ruleId)?.rule;
			if (!rule || rule.renotifyS === 0 || s.lastNotifiedAt === null || now - s.lastNotifiedAt < rule.renotifyS * 1000) continue;
			s.lastNotifiedAt = now;
			result.upserts.push({ ...s });
			result.transitions.push({ rule, host: { id: s.hostId, hostname: s.hostId, labels: {} }, kind: 'firing', at: now, firedAt: s.firedAt ?? s.since, value: s.value, repeat: true });
		}
		return result;
	}

	/** Every pending and firing alert. */
	active(summary: (s: AlertStateRecord) => string): ActiveAlert[] {
		const out: ActiveAlert[] = [];
		for (const s of this.states.values()) {
			const rule = this.rules.find((c) => c.rule.id === s.ruleId)?.rule;
			if (!rule) continue;
			out.push({
				ruleId: s.ruleId,
				ruleName: rule.name,
				hostId: s.hostId,
				state: s.state,
				severity: rule.severity,
				since: s.since,
				firedAt: s.firedAt,
				value: s.value,
				summary: summary(s)
			});
		}
		return out.sort((a, b) => a.since - b.since || a.hostId.localeCompare(b.hostId));
	}

	/**
	 * One step of the state machine for a (rule, host) given whether the condition holds.
	 * `since` is when it started to hold (now for values; the status change for state rules).
	 */
	private step(rule: Rule, host: SelectableHost, s: AlertStateRecord | undefined, holds: boolean, now: number, since: number, value: number | null, result: EngineResult): void {
		const k = key(rule.id, host.id);
		if (!holds) {
			if (!s) return;
			this.states.delete(k);
			result.removals.push({ ruleId: rule.id, hostId: host.id });
			if (s.state === 'firing')
				result.transitions.push({ rule, host, kind: 'resolved', at: now, firedAt: s.firedAt ?? s.since, value: value ?? s.value, repeat: false });
			return;
		}
		const state = s ?? { ruleId: rule.id, hostId: host.id, state: 'pending' as const, since, firedAt: null, value, lastNotifiedAt: null };
		if (value !== null) state.value = value;
		const wasFiring = state.state === 'firing';
		if (state.state === 'pending' && now - state.since >= rule.forS * 1000) {
			state.state = 'firing';
			state.firedAt = now;
			state.lastNotifiedAt = now;
			result.transitions.push({ rule, host, kind: 'firing', at: now, firedAt: now, value: state.value, repeat: false });
		}
		this.states.set(k, state);
		// Persisted when it starts and when it fires; the latest value lives in memory only.
		if (!s || state.state === 'firing' && !wasFiring) result.upserts.push({ ...state });
	}
}

function key(ruleId: string, hostId: string): string {
	return `${ruleId}\u0000${hostId}`;
}

function emptyResult(): EngineResult {
	return { transitions: [], upserts: [], removals: [] };
}
