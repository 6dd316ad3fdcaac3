import si from 'systeminformation';
import type { Filesystem } from '../../src/lib/protocol/index.js';

const MAX_FILESYSTEMS = 64;
/** Memory-backed and image filesystems say nothing about disk space. */
const IGNORED_TYPES = new Set(['tmpfs', 'devtmpfs', 'squashfs', 'ramfs', 'efivarfs', 'devfs', 'autofs', 'overlay.tmp']);

/** Used and total bytes of each mounted disk filesystem (each device once). */
export async function collectFilesystems(): Promise<Filesystem[]> {
	const seen = new Set<string>();
	const out: Filesystem[] = [];
	for (const fs of await si.fsSize()) {
		if (IGNORED_TYPES.has(fs.type) || fs.size <= 0 || seen.has(fs.fs)) continue;
		seen.add(fs.fs);
		out.push({ mount: fs.mount.slice(0, 256), type: fs.type.slice(0, 256), size: fs.size, used: Math.min(fs.used, fs.size) });
		if (out.length === MAX_FILESYSTEMS) break;
	}
	return out;
}
