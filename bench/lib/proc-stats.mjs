// What the bench reads about processes and the machine, straight from procfs (Linux only).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import os from 'node:os';

/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in these ticks (100 on every mainstream kernel). */
const CLK_TCK = 100;

function statFields(pid) {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// The command name may contain spaces and parentheses: fields start after the last ')'.
	return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** CPU seconds (user + system) a process has used; `children` adds its reaped children's. */
export function cpuSeconds(pid, { children = false } = {}) {
	const f = statFields(pid);
	let ticks = Number(f[11]) + Number(f[12]);
	if (children) ticks += Number(f[13]) + Number(f[14]);
	return ticks / CLK_TCK;
}

/** Resident set size in bytes (VmRSS), NaN when the process is gone. */
export function rssBytes(pid) {
	try {
		const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) * 1024 : NaN;
	} catch {
		return NaN;
	}
}

/** Busy and total jiffies of the whole machine (all cores), from /proc/stat. */
export function machineTicks() {
	const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
	const v = line.trim().split(/\s+/).slice(1).map(Number);
	const idle = v[3] + (v[4] || 0); // idle + iowait
	const total = v.reduce((a, b) => a + b, 0);
	return { busy: total - idle, total };
}

/**
 * Measures a process's CPU over a window: `start()` then `stop()` gives % of one core.
 * Also samples the machine as a whole, so a reader sees when the box itself was full.
 */
export class CpuWindow {
	constructor(pid, opts = {}) {
		this.pid = pid;
		this.children = opts.children ?? false;
	}

	start() {
		this.t0 = performance.now();
		this.c0 = cpuSeconds(this.pid, { children: this.children });
		this.m0 = machineTicks();
		return this;
	}

	/** `{ cpuPercent, cpuSeconds, seconds, machinePercent }`; machine % is of all cores (200 = both full). */
	stop() {
		const seconds = (performance.now() - this.t0) / 1000;
		const used = cpuSeconds(this.pid, { children: this.children }) - this.c0;
		const m1 = machineTicks();
		const cores = os.cpus().length;
		const machinePercent = ((m1.busy - this.m0.busy) / Math.max(1, m1.total - this.m0.total)) * 100 * cores;
		return { cpuPercent: (used / seconds) * 100, cpuSeconds: used, seconds, machinePercent };
	}
}

/** Port of the first TCP socket `pid` is listening on (via /proc: works at any log level). */
export function listeningPort(pid) {
	const inodes = new Set();
	let fds;
	try {
		fds = readdirSync(`/proc/${pid}/fd`);
	} catch {
		return null;
	}
	for (const fd of fds) {
		try {
			const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
			if (m) inodes.add(m[1]);
		} catch {
			// fd closed between readdir and readlink
		}
	}
	for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
		let lines;
		try {
			lines = readFileSync(file, 'utf8').split('\n').slice(1);
		} catch {
			continue;
		}
		for (const line of lines) {
			const f = line.trim().split(/\s+/);
			// f[1] local address:port (hex), f[3] state (0A = LISTEN), f[9] inode
			if (f.length > 9 && f[3] === '0A' && inodes.has(f[9])) return parseInt(f[1].split(':')[1], 16);
		}
	}
	return null;
}

/** The machine, for the results file: what these figures were measured on. */
export function machineInfo() {
	const cpus = os.cpus();
	return {
		cpuModel: cpus[0]?.model ?? 'unknown',
		cores: cpus.length,
		node: process.version,
		totalMemBytes: os.totalmem(),
		platform: `${os.platform()} ${os.release()}`,
		loadavg: os.loadavg().map((v) => Math.round(v * 100) / 100)
	};
}
