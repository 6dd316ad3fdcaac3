import si from 'systeminformation';
import type { Readings } from './types.js';

/** Memory in bytes. "Used" is total minus available, as `free` and ops people mean it. */
export async function collectMemory(): Promise<Readings['mem']> {
	const mem = await si.mem();
	return {
		total: mem.total,
		used: Math.max(0, mem.total - mem.available),
		available: mem.available,
		swapTotal: mem.swaptotal,
		swapUsed: mem.swapused
	};
}
