import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CounterRates } from '../../counter-rates.js';
import { percent, rate, type Readings } from '../types.js';
import { cpuPercent, parseDiskstats, parseMeminfo, parseNetDev, parseProcStat, type CpuTimes } from './procfs.js';

/**
 * The per-interval families read straight from procfs and sysfs: a few file reads (well
 * under a millisecond) instead of the child processes systeminformation spawns for them,
 * which cost ~50 ms of CPU per second here (measured in bench/agent-overhead.mjs).
 */
export interface FastCollectors {
	cpu(): Readings['cpu'];
	memory(): Readings['mem'];
	network(now: number): Readings['net'];
	disk(now: number): Readings['disk'];
	temperature(): number | null;
}

const read = (path: string) => readFileSync(path, 'utf8');
const MAX_INTERFACES = 64;

export function linuxProcfsAvailable(root = '/'): boolean {
	return ['proc/stat', 'proc/meminfo', 'proc/net/dev', 'proc/diskstats'].every((p) => existsSync(join(root, p)));
}

/** Whole physical disks (they have a `device` link); partitions, loop, ram and dm devices are left out so bytes count once. */
function physicalDisks(root: string): Set<string> {
	const block = join(root, 'sys/block');
	try {
		return new Set(readdirSync(block).filter((d) => existsSync(join(block, d, 'device')) && !/^(loop|ram|zram)/.test(d)));
	} catch {
		return new Set();
	}
}

/** The first CPU package/core temperature input found in hwmon or thermal zones, if any. */
export function findTemperatureInput(root = '/'): string | null {
	const hwmon = join(root, 'sys/class/hwmon');
	const cpuSensors = ['coretemp', 'k10temp', 'zenpower', 'cpu_thermal', 'soc_thermal', 'acpitz'];
	try {
		const named = readdirSync(hwmon)
			.map((d) => ({ dir: join(hwmon, d), name: existsSync(join(hwmon, d, 'name')) ? read(join(hwmon, d, 'name')).trim() : '' }))
			.filter((h) => cpuSensors.includes(h.name) && existsSync(join(h.dir, 'temp1_input')))
			.sort((a, b) => cpuSensors.indexOf(a.name) - cpuSensors.indexOf(b.name));
		if (named.length > 0) return join(named[0].dir, 'temp1_input');
	} catch {
		// no hwmon: try thermal zones
	}
	const thermal = join(root, 'sys/class/thermal');
	try {
		for (const zone of readdirSync(thermal).filter((d) => d.startsWith('thermal_zone'))) {
			const type = read(join(thermal, zone, 'type')).trim();
			if (/x86_pkg_temp|cpu|soc/i.test(type)) return join(thermal, zone, 'temp');
		}
	} catch {
		// none: the host exposes no CPU temperature (VMs, containers)
	}
	return null;
}

export function createLinuxCollectors(root = '/'): FastCollectors {
	const netRates = new CounterRates();
	const diskRates = new CounterRates();
	const disks = physicalDisks(root);
	const tempInput = findTemperatureInput(root);
	let prevCpu: { total: CpuTimes; cores: CpuTimes[] } | null = parseProcStat(read(join(root, 'proc/stat')));

	return {
		cpu() {
			const next = parseProcStat(read(join(root, 'proc/stat')));
			if (!next) throw new Error('/proc/stat has no cpu line');
			const prev = prevCpu ?? next;
			prevCpu = next;
			const total = cpuPercent(prev.total, next.total);
			return {
				total: percent(total.total),
				user: percent(total.user),
				system: percent(total.system),
				cores: next.cores.map((core, i) => percent(cpuPercent(prev.cores[i] ?? core, core).total))
			};
		},
		memory() {
			const m = parseMeminfo(read(join(root, 'proc/meminfo')));
			return {
				total: m.total,
				used: Math.max(0, m.total - m.available),
				available: m.available,
				swapTotal: m.swapTotal,
				swapUsed: Math.max(0, m.swapTotal - m.swapFree)
			};
		},
		network(now) {
			const seen = new Set<string>();
			const ifaces = parseNetDev(read(join(root, 'proc/net/dev')))
				.filter((i) => i.name !== 'lo')
				.slice(0, MAX_INTERFACES)
				.map((i) => {
					seen.add(`rx:${i.name}`).add(`tx:${i.name}`);
					return { name: i.name, rxBps: rate(netRates.rate(`rx:${i.name}`, i.rxBytes, now)), txBps: rate(netRates.rate(`tx:${i.name}`, i.txBytes, now)) };
				});
			netRates.retain(seen);
			const sum = (key: 'rxBps' | 'txBps') =>
				ifaces.reduce<number | null>((acc, i) => (i[key] === null ? acc : (acc ?? 0) + i[key]!), null);
			return { rxBps: sum('rxBps'), txBps: sum('txBps'), ifaces };
		},
		disk(now) {
			let readBytes = 0;
			let writeBytes = 0;
			for (const d of parseDiskstats(read(join(root, 'proc/diskstats')))) {
				if (!disks.has(d.name)) continue;
				readBytes += d.readBytes;
				writeBytes += d.writeBytes;
			}
			const readBps = rate(diskRates.rate('read', readBytes, now));
			const writeBps = rate(diskRates.rate('write', writeBytes, now));
			return readBps === null || writeBps === null ? null : { readBps, writeBps };
		},
		temperature() {
			if (!tempInput) return null;
			const milli = Number(read(tempInput).trim());
			return Number.isFinite(milli) && Math.abs(milli) < 300_000 ? Math.round(milli / 100) / 10 : null;
		}
	};
}
