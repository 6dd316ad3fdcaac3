/** Parsers of Linux procfs text: pure functions, tested on captured files. */

/** Jiffies of one CPU line of /proc/stat. */
export interface CpuTimes {
	user: number;
	nice: number;
	system: number;
	idle: number;
	iowait: number;
	irq: number;
	softirq: number;
	steal: number;
}

/** `cpu` (total) and `cpuN` lines of /proc/stat. */
export function parseProcStat(text: string): { total: CpuTimes; cores: CpuTimes[] } | null {
	let total: CpuTimes | null = null;
	const cores: CpuTimes[] = [];
	for (const line of text.split('\n')) {
		if (!line.startsWith('cpu')) continue;
		const [name, ...rest] = line.trim().split(/\s+/);
		const [user, nice, system, idle, iowait, irq, softirq, steal] = rest.map(Number);
		const times = { user, nice, system, idle, iowait: iowait || 0, irq: irq || 0, softirq: softirq || 0, steal: steal || 0 };
		if (name === 'cpu') total = times;
		else cores[Number(name.slice(3))] = times;
	}
	return total ? { total, cores: Array.from(cores, (c) => c ?? total!) } : null;
}

/** Busy, user and system percentages between two readings of the same CPU. */
export function cpuPercent(prev: CpuTimes, next: CpuTimes): { total: number; user: number; system: number } {
	const sum = (t: CpuTimes) => t.user + t.nice + t.system + t.idle + t.iowait + t.irq + t.softirq + t.steal;
	const elapsed = sum(next) - sum(prev);
	if (elapsed <= 0) return { total: 0, user: 0, system: 0 };
	const idle = next.idle + next.iowait - (prev.idle + prev.iowait);
	const user = next.user + next.nice - (prev.user + prev.nice);
	const system = next.system + next.irq + next.softirq - (prev.system + prev.irq + prev.softirq);
	const pct = (v: number) => (Math.max(0, v) / elapsed) * 100;
	return { total: pct(elapsed - idle), user: pct(user), system: pct(system) };
}

/** /proc/meminfo, in bytes. */
export function parseMeminfo(text: string): { total: number; available: number; swapTotal: number; swapFree: number } {
	const kb = (key: string) => {
		const m = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
		return m ? Number(m[1]) * 1024 : NaN;
	};
	const total = kb('MemTotal');
	// MemAvailable exists since Linux 3.14; older kernels get the classic estimate.
	const available = Number.isNaN(kb('MemAvailable')) ? kb('MemFree') + kb('Buffers') + kb('Cached') : kb('MemAvailable');
	return { total, available, swapTotal: kb('SwapTotal'), swapFree: kb('SwapFree') };
}

/** Byte counters per interface from /proc/net/dev. */
export function parseNetDev(text: string): { name: string; rxBytes: number; txBytes: number }[] {
	const out: { name: string; rxBytes: number; txBytes: number }[] = [];
	for (const line of text.split('\n').slice(2)) {
		const colon = line.indexOf(':');
		if (colon < 0) continue;
		const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
		out.push({ name: line.slice(0, colon).trim(), rxBytes: fields[0], txBytes: fields[8] });
	}
	return out;
}

/** Sectors read and written per device from /proc/diskstats (a sector is 512 bytes here, always). */
export function parseDiskstats(text: string): { name: string; readBytes: number; writeBytes: number }[] {
	const out: { name: string; readBytes: number; writeBytes: number }[] = [];
	for (const line of text.split('\n')) {
		const f = line.trim().split(/\s+/);
		if (f.length < 10) continue;
		out.push({ name: f[2], readBytes: Number(f[5]) * 512, writeBytes: Number(f[9]) * 512 });
	}
	return out;
}
