import { loadavg, uptime } from 'node:os';
import type { Filesystem, ProcessesSnapshot } from '../../src/lib/protocol/index.js';
import { Periodic } from '../periodic.js';
import { collectCpu } from './cpu.js';
import { collectDiskIo } from './disk.js';
import { collectFilesystems } from './filesystems.js';
import { createLinuxCollectors, linuxProcfsAvailable } from './linux/index.js';
import { collectMemory } from './memory.js';
import { collectNetwork } from './network.js';
import { collectProcesses } from './processes.js';
import { collectTemperature } from './temperature.js';
import { round2, type Readings } from './types.js';

/** How often the slower families are read; a sample carries them only when fresh. */
export const SLOW_PERIODS_MS = { temperature: 5_000, filesystems: 10_000, processes: 30_000 } as const;

export interface Collector {
	/** Which implementation reads the per-interval families. */
	readonly source: 'procfs' | 'systeminformation';
	/** One collection: the per-interval families now, plus any slow family finished since. */
	collect(now: number): Promise<Readings>;
}

type PerInterval = Pick<Readings, 'cpu' | 'mem' | 'disk' | 'net'> & { temp?: number | null };

/**
 * Every metric family. Per-interval families come from procfs on Linux and from
 * systeminformation elsewhere; slow families run in the background on their own period,
 * so they never delay a sample and never overlap themselves.
 */
export function createCollector(onError: (family: string, err: unknown) => void, opts: { procfs?: boolean } = {}): Collector {
	const useProcfs = opts.procfs ?? (process.platform === 'linux' && linuxProcfsAvailable());
	const filesystems = new Periodic<Filesystem[]>(SLOW_PERIODS_MS.filesystems, collectFilesystems, (e) => onError('filesystems', e));
	const processes = new Periodic<ProcessesSnapshot>(SLOW_PERIODS_MS.processes, collectProcesses, (e) => onError('processes', e));
	// Without procfs the temperature read is a child process: only every few seconds.
	const temperature = useProcfs ? null : new Periodic<number | null>(SLOW_PERIODS_MS.temperature, collectTemperature, (e) => onError('temperature', e));

	let perInterval: (now: number) => Promise<PerInterval>;
	if (useProcfs) {
		const linux = createLinuxCollectors();
		perInterval = async (now) => ({ cpu: linux.cpu(), mem: linux.memory(), disk: linux.disk(now), net: linux.network(now), temp: linux.temperature() });
	} else {
		perInterval = async () => {
			const [cpu, mem, disk, net] = await Promise.all([collectCpu(), collectMemory(), collectDiskIo(), collectNetwork()]);
			return { cpu, mem, disk, net };
		};
	}

	return {
		source: useProcfs ? 'procfs' : 'systeminformation',
		async collect(now) {
			filesystems.poll(now);
			processes.poll(now);
			temperature?.poll(now);
			const fast = await perInterval(now);
			const [l1, l5, l15] = loadavg();
			const readings: Readings = {
				cpu: fast.cpu,
				load: [round2(l1), round2(l5), round2(l15)],
				mem: fast.mem,
				disk: fast.disk,
				net: fast.net,
				temp: fast.temp ?? temperature?.take() ?? null,
				uptime: Math.round(uptime())
			};
			const fs = filesystems.take();
			if (fs) readings.fs = fs;
			const procs = processes.take();
			if (procs) readings.procs = procs;
			return readings;
		}
	};
}
