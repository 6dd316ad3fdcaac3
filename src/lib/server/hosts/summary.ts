import type { HostSummary, HostSummaryChange } from '../../protocol/index.js';
import type { HostRecord } from './registry.js';

const round1 = (v: number) => Math.round(v * 10) / 10;

/** The overview's view of a host: latest figures, rounded for display, nothing heavy. */
export function summarize(host: HostRecord): HostSummary {
	const s = host.latest;
	const info = host.info;
	return {
		id: host.id,
		hostname: info?.hostname ?? host.id,
		os: info ? [info.os.distro, info.os.release].filter(Boolean).join(' ') || info.os.platform : '',
		labels: info?.labels ?? {},
		status: host.status,
		lastSeen: host.lastSeen,
		lastSampleTs: s?.ts ?? null,
		cpu: s ? round1(s.cpu.total) : null,
		mem: s && s.mem.total > 0 ? round1((s.mem.used / s.mem.total) * 100) : null,
		disk: fullestFilesystem(host),
		netRx: s?.net.rxBps ?? null,
		netTx: s?.net.txBps ?? null,
		load1: s ? s.load[0] : null,
		temp: s?.temp ?? null,
		uptime: s?.uptime ?? null,
		cores: info?.cpu.cores ?? s?.cpu.cores.length ?? null,
		dropped: host.dropped
	};
}

function fullestFilesystem(host: HostRecord): number | null {
	if (!host.fs || host.fs.length === 0) return null;
	let max = 0;
	for (const fs of host.fs) if (fs.size > 0) max = Math.max(max, (fs.used / fs.size) * 100);
	return round1(max);
}

/**
 * The fields of `next` that differ from `previous` (all of them when there is no previous),
 * or null when nothing changed: overview updates carry only these, a third of the bytes.
 */
export function summaryChange(previous: HostSummary | undefined, next: HostSummary): HostSummaryChange | null {
	if (!previous) return next;
	const change: Record<string, unknown> = { id: next.id };
	let changed = false;
	for (const key of Object.keys(next) as (keyof HostSummary)[]) {
		const a = previous[key];
		const b = next[key];
		const same = key === 'labels' ? sameLabels(a as HostSummary['labels'], b as HostSummary['labels']) : a === b;
		if (!same) {
			change[key] = b;
			changed = true;
		}
	}
	return changed ? (change as HostSummaryChange) : null;
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
	const keys = Object.keys(a);
	return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}
