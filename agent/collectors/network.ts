import si from 'systeminformation';
import type { Readings } from './types.js';
import { rate } from './types.js';

const MAX_INTERFACES = 64;

/** Receive/transmit bytes/s per interface, and totals over every interface but loopback. */
export async function collectNetwork(): Promise<Readings['net']> {
	const stats = await si.networkStats('*');
	const ifaces = stats
		.filter((s) => s.iface !== 'lo')
		.slice(0, MAX_INTERFACES)
		.map((s) => ({ name: s.iface.slice(0, 256), rxBps: rate(s.rx_sec), txBps: rate(s.tx_sec) }));
	return { rxBps: sum(ifaces.map((i) => i.rxBps)), txBps: sum(ifaces.map((i) => i.txBps)), ifaces };
}

/** Sum of the known values; null when none is known. */
function sum(values: (number | null)[]): number | null {
	let total: number | null = null;
	for (const v of values) if (v !== null) total = (total ?? 0) + v;
	return total;
}
