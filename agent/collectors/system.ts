import { hostname, uptime } from 'node:os';
import si from 'systeminformation';
import type { HostInfo } from '../../src/lib/protocol/index.js';

/** Static facts about the host, read once at start for `agent:hello`. */
export async function collectHostInfo(opts: {
	hostId: string;
	labels: Record<string, string>;
	intervalMs: number;
	agentVersion: string;
}): Promise<HostInfo> {
	const [os, cpu, mem] = await Promise.all([si.osInfo(), si.cpu(), si.mem()]);
	const cut = (s: string | undefined) => (s ?? '').slice(0, 256);
	return {
		hostId: opts.hostId,
		hostname: cut(os.hostname || hostname()) || opts.hostId,
		os: { platform: cut(os.platform), distro: cut(os.distro), release: cut(os.release), kernel: cut(os.kernel), arch: cut(os.arch) },
		cpu: {
			model: cut([cpu.manufacturer, cpu.brand].filter(Boolean).join(' ')),
			cores: Math.max(1, cpu.cores || 1),
			physicalCores: Math.max(0, cpu.physicalCores || 0)
		},
		memTotal: mem.total,
		bootTime: Math.round(Date.now() - uptime() * 1000),
		labels: opts.labels,
		agentVersion: opts.agentVersion,
		intervalMs: opts.intervalMs
	};
}
