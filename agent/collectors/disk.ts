import si from 'systeminformation';
import type { Readings } from './types.js';
import { rate } from './types.js';

/** Bytes/s read and written across block devices; null until two readings exist. */
export async function collectDiskIo(): Promise<Readings['disk']> {
	const stats = await si.fsStats();
	const readBps = rate(stats?.rx_sec);
	const writeBps = rate(stats?.wx_sec);
	return readBps === null || writeBps === null ? null : { readBps, writeBps };
}
