import si from 'systeminformation';
import type { ProcessesSnapshot } from '../../src/lib/protocol/index.js';
import { round2 } from './types.js';

const TOP = 5;

/** Process counts and the busiest processes by CPU. Costly (~0.1 s): run it rarely. */
export async function collectProcesses(): Promise<ProcessesSnapshot> {
	const procs = await si.processes();
	const top = [...procs.list]
		.sort((a, b) => b.cpu - a.cpu)
		.slice(0, TOP)
		.map((p) => ({
			pid: p.pid,
			name: (p.name || p.command || '?').slice(0, 256),
			cpu: round2(Math.max(0, p.cpu || 0)),
			memBytes: Math.max(0, (p.memRss || 0) * 1024)
		}));
	return { total: procs.all, running: procs.running, top };
}
