import { SEVERITIES, type ActiveAlert, type Severity } from '$lib/protocol/alerts';

/** What a host card shows of its alerts. */
export interface HostAlerts {
	firing: number;
	pending: number;
	/** Worst severity among the firing alerts; null while none fires. */
	worst: Severity | null;
}

/** Higher is worse: info 0, warning 1, critical 2. */
export function severityRank(severity: Severity): number {
	return SEVERITIES.indexOf(severity);
}

/** Alerts per host, for badges; hosts without any alert are absent. */
export function summarizeByHost(alerts: readonly ActiveAlert[]): Map<string, HostAlerts> {
	const byHost = new Map<string, HostAlerts>();
	for (const alert of alerts) {
		let entry = byHost.get(alert.hostId);
		if (!entry) {
			entry = { firing: 0, pending: 0, worst: null };
			byHost.set(alert.hostId, entry);
		}
		if (alert.state === 'pending') {
			entry.pending++;
			continue;
		}
		entry.firing++;
		if (entry.worst === null || severityRank(alert.severity) > severityRank(entry.worst)) entry.worst = alert.severity;
	}
	return byHost;
}

/** Two summaries that draw the same badge (so a card is not redrawn for nothing). */
export function sameHostAlerts(a: HostAlerts | undefined, b: HostAlerts | undefined): boolean {
	if (a === undefined || b === undefined) return a === b;
	return a.firing === b.firing && a.pending === b.pending && a.worst === b.worst;
}

/**
 * The order a list of alerts is read in: firing before pending, worse before milder, then the
 * longest-running first; host and rule break ties so the order never flickers between pushes.
 */
export function orderActive(alerts: readonly ActiveAlert[]): ActiveAlert[] {
	return [...alerts].sort(
		(a, b) =>
			Number(b.state === 'firing') - Number(a.state === 'firing') ||
			severityRank(b.severity) - severityRank(a.severity) ||
			a.since - b.since ||
			a.hostId.localeCompare(b.hostId) ||
			a.ruleId.localeCompare(b.ruleId)
	);
}
