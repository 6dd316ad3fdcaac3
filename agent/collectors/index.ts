import { loadavg, uptime } from 'node:os';
import type { Filesystem, ProcessesSnapshot } from '../../src/lib/protocol/index.js';
import { Periodic } from '../periodic.js';
import { collectCpu } from './cpu.js';
import { collectDiskIo } from './disk.js';
import { collectFilesystems } from './filesystems.js';
import { collectMemory } from './memory.js';
import { collectNetwork } from './network.js';
import { collectProcesses } from './processes.js';
import { collectTemperature } from './temperature.js';
import { round2, type Readings } from './types.js';

/** How often the slower families are read; each sample carries them only when fresh. */
export const SLOW_PERIODS_MS = { temperature: 5_000, filesystems: 10_000, processes: 30_000 } as const;

export interface Collector {
	/** One collection: the cheap families now, plus whatever slow family finished since last time. */
	collect(now: number): Promise<Readings>;
}

/**
 * Every metric family. Cheap ones are read each interval; slow ones run in the background
 * on their own period so they never delay a sample, and never overlap themselves.
 */
export function createCollector(onError: (family: string, err: unknown) => void): Collector {
	const temperature = new Periodic<number | null>(SLOW_PERIODS_MS.temperature, collectTemperature, (e) => onError('temperature', e));
	const filesystems = new Periodic<Filesystem[]>(SLOW_PERIODS_MS.filesystems, collectFilesystems, (e) => onError('filesystems', e));
	const processes = new Periodic<ProcessesSnapshot>(SLOW_PERIODS_MS.processes, collectProcesses, (e) => onError('processes', e));

	return {
		async collect(now) {
			temperature.poll(now);
			filesystems.poll(now);
			processes.poll(now);
			const [cpu, mem, disk, net] = await Promise.all([collectCpu(), collectMemory(), collectDiskIo(), collectNetwork()]);
			const [l1, l5, l15] = loadavg();
			const readings: Readings = {
				cpu,
				load: [round2(l1), round2(l5), round2(l15)],
				mem,
				disk,
				net,
				temp: temperature.take() ?? null,
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
