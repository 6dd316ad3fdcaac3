import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createLinuxCollectors, findTemperatureInput } from './index.js';
import { cpuPercent, parseDiskstats, parseMeminfo, parseNetDev, parseProcStat } from './procfs.js';

const STAT_A = `cpu  1000 0 500 8000 500 0 0 0 0 0
cpu0 500 0 250 4000 250 0 0 0 0 0
cpu1 500 0 250 4000 250 0 0 0 0 0
intr 1 2 3
`;
// 1000 jiffies later: cpu0 fully busy in user, cpu1 idle.
const STAT_B = `cpu  1500 0 500 8500 500 0 0 0 0 0
cpu0 1000 0 250 4000 250 0 0 0 0 0
cpu1 500 0 250 4500 250 0 0 0 0 0
intr 1 2 3
`;
const MEMINFO = `MemTotal:       16000000 kB
MemFree:         2000000 kB
MemAvailable:    6000000 kB
Buffers:          100000 kB
Cached:          3000000 kB
SwapTotal:       2000000 kB
SwapFree:        1500000 kB
`;
const NET_DEV = (eth0Rx: number, eth0Tx: number) => `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 1457678    1884    0    0    0     0          0         0  1457678    1884    0    0    0     0       0          0
  eth0: ${eth0Rx}   10776    0    0    0     0          0         0   ${eth0Tx}    5973    0    0    0     0       0          0
`;
const DISKSTATS = (vdaRead: number, vdaWrite: number) => `   7       0 loop0 5 0 1000 0 0 0 0 0 0 0 0 0 0 0 0 0 0
 254       0 vda 91305 13818 ${vdaRead} 36436 42849 26209 ${vdaWrite} 16778 0 12064 54703 12250 54 856608 980 8319 507
 254       1 vda1 91000 13818 ${vdaRead} 36436 42849 26209 ${vdaWrite} 16778 0 12064 54703 12250 54 856608 980 8319 507
`;

describe('procfs parsers', () => {
	it('computes busy, user and system % per CPU between two /proc/stat readings', () => {
		const a = parseProcStat(STAT_A)!;
		const b = parseProcStat(STAT_B)!;
		expect(cpuPercent(a.total, b.total)).toEqual({ total: 50, user: 50, system: 0 });
		expect(cpuPercent(a.cores[0], b.cores[0]).total).toBe(100);
		expect(cpuPercent(a.cores[1], b.cores[1]).total).toBe(0);
	});

	it('reads memory in bytes, with MemAvailable', () => {
		expect(parseMeminfo(MEMINFO)).toEqual({ total: 16_384_000_000, available: 6_144_000_000, swapTotal: 2_048_000_000, swapFree: 1_536_000_000 });
		const old = parseMeminfo(MEMINFO.replace(/MemAvailable.*\n/, ''));
		expect(old.available).toBe((2_000_000 + 100_000 + 3_000_000) * 1024);
	});

	it('reads interface byte counters and disk sectors', () => {
		expect(parseNetDev(NET_DEV(10, 20))).toEqual([
			{ name: 'lo', rxBytes: 1457678, txBytes: 1457678 },
			{ name: 'eth0', rxBytes: 10, txBytes: 20 }
		]);
		expect(parseDiskstats(DISKSTATS(2, 4))[1]).toEqual({ name: 'vda', readBytes: 1024, writeBytes: 2048 });
	});
});

describe('Linux collectors on a fake root', () => {
	let root = '';
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	function fakeRoot(): string {
		root = mkdtempSync(join(tmpdir(), 'pulse-procfs-'));
		mkdirSync(join(root, 'proc/net'), { recursive: true });
		mkdirSync(join(root, 'sys/block/vda/device'), { recursive: true });
		mkdirSync(join(root, 'sys/block/loop0'), { recursive: true });
		mkdirSync(join(root, 'sys/class/hwmon/hwmon0'), { recursive: true });
		writeFileSync(join(root, 'sys/class/hwmon/hwmon0/name'), 'coretemp\n');
		writeFileSync(join(root, 'sys/class/hwmon/hwmon0/temp1_input'), '47500\n');
		writeFileSync(join(root, 'proc/stat'), STAT_A);
		writeFileSync(join(root, 'proc/meminfo'), MEMINFO);
		writeFileSync(join(root, 'proc/net/dev'), NET_DEV(1_000, 500));
		writeFileSync(join(root, 'proc/diskstats'), DISKSTATS(0, 0));
		return root;
	}

	it('turns counters into rates over whole disks only, and reads the CPU sensor', () => {
		const r = fakeRoot();
		const c = createLinuxCollectors(r);
		expect(c.network(1_000)).toEqual({ rxBps: null, txBps: null, ifaces: [{ name: 'eth0', rxBps: null, txBps: null }] });
		expect(c.disk(1_000)).toBeNull();
		writeFileSync(join(r, 'proc/stat'), STAT_B);
		writeFileSync(join(r, 'proc/net/dev'), NET_DEV(3_000, 1_500));
		writeFileSync(join(r, 'proc/diskstats'), DISKSTATS(8, 16));
		expect(c.cpu()).toEqual({ total: 50, user: 50, system: 0, cores: [100, 0] });
		expect(c.network(3_000)).toEqual({ rxBps: 1_000, txBps: 500, ifaces: [{ name: 'eth0', rxBps: 1_000, txBps: 500 }] });
		// vda1 is a partition of vda and loop0 not a physical disk: counted once, from vda.
		expect(c.disk(3_000)).toEqual({ readBps: 2_048, writeBps: 4_096 });
		expect(c.memory()).toEqual({ total: 16_384_000_000, used: 10_240_000_000, available: 6_144_000_000, swapTotal: 2_048_000_000, swapUsed: 512_000_000 });
		expect(c.temperature()).toBe(47.5);
	});

	it('finds no temperature where the host exposes none', () => {
		const r = fakeRoot();
		rmSync(join(r, 'sys/class/hwmon'), { recursive: true });
		expect(findTemperatureInput(r)).toBeNull();
		expect(createLinuxCollectors(r).temperature()).toBeNull();
	});
});
