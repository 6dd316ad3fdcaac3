// Realistic, schema-valid samples (src/lib/protocol/schemas.ts), pre-serialised.
// A sample's JSON is `{"host":"<id>","seq":<n>,"ts":<ms>` + a tail holding every metric. The
// tails are generated once per host *shape* (cores, interfaces, filesystems) and reused by
// every host of that shape, so the generator spends its CPU on the wire, not on JSON.stringify,
// and 10,000 hosts need ~1,000 strings, not 600,000.

/** Deterministic PRNG (mulberry32): the same run produces the same payloads. */
function rng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const SHAPES = 16;
/** Tails per shape: seq % VARIANTS picks one; fs every 10th, procs every 30th (like the agent). */
const VARIANTS = 60;
const GB = 1024 ** 3;
const round = (v, d = 2) => Math.round(v * 10 ** d) / 10 ** d;

/** The fixed facts of one host shape: 2–8 cores, 1–2 interfaces, 1–3 filesystems. */
function makeShape(index) {
	const r = rng(1000 + index);
	const cores = 2 + Math.floor(r() * 7);
	const ifaces = r() < 0.6 ? ['eth0'] : ['eth0', 'eth1'];
	const memTotal = [4, 8, 16, 32, 64][Math.floor(r() * 5)] * GB;
	const fs = [{ mount: '/', type: 'ext4', size: 100 * GB }];
	if (r() < 0.5) fs.push({ mount: '/var', type: 'xfs', size: 500 * GB });
	if (r() < 0.3) fs.push({ mount: '/boot', type: 'vfat', size: 0.5 * GB });
	return { index, cores, ifaces, memTotal, fs, hasTemp: r() < 0.5 };
}

/** One sample's metrics after `ts`, as a JSON fragment starting with a comma. */
function makeTail(shape, variant, r) {
	const total = round(5 + r() * 60);
	const user = round(total * 0.7);
	const cores = Array.from({ length: shape.cores }, () => round(Math.min(100, total * (0.5 + r()))));
	const used = Math.round(shape.memTotal * (0.3 + r() * 0.4));
	const rx = Math.round(r() * 2e6);
	const tx = Math.round(r() * 5e5);
	const share = shape.ifaces.length === 1 ? [1] : [0.8, 0.2];
	const metrics = {
		cpu: { total, user, system: round(total - user), cores },
		load: [round(r() * 4), round(r() * 3), round(r() * 2)],
		mem: { total: shape.memTotal, used, available: shape.memTotal - used, swapTotal: 2 * GB, swapUsed: Math.round(r() * 1e8) },
		disk: { readBps: Math.round(r() * 1e6), writeBps: Math.round(r() * 4e6) },
		net: {
			rxBps: rx,
			txBps: tx,
			ifaces: shape.ifaces.map((name, i) => ({ name, rxBps: Math.round(rx * share[i]), txBps: Math.round(tx * share[i]) }))
		},
		temp: shape.hasTemp ? round(40 + r() * 30, 1) : null,
		uptime: 86_400 + variant
	};
	if (variant % 10 === 0)
		metrics.fs = shape.fs.map((f) => ({ ...f, used: Math.round(f.size * (0.2 + r() * 0.6)) }));
	if (variant % 30 === 0)
		metrics.procs = {
			total: 150 + Math.floor(r() * 200),
			running: 1 + Math.floor(r() * 4),
			top: ['postgres', 'node', 'nginx', 'java', 'redis-server'].map((name, i) => ({
				pid: 1000 + i * 37,
				name,
				cpu: round(r() * 20),
				memBytes: Math.round(r() * 2 * GB)
			}))
		};
	return ',' + JSON.stringify(metrics).slice(1);
}

const shapes = Array.from({ length: SHAPES }, (_, i) => makeShape(i));
const tails = shapes.map((shape) => {
	const r = rng(7 + shape.index);
	return Array.from({ length: VARIANTS }, (_, v) => makeTail(shape, v, r));
});

/** The shape a host id maps to (stable). */
function shapeOf(hostIndex) {
	return shapes[hostIndex % SHAPES];
}

/** A host id: a valid slug, stable per index and run prefix. */
export function hostId(prefix, index) {
	return `${prefix}-${index}`;
}

/** `agent:hello` payload (HostInfo) for a host. */
export function helloFor(id, hostIndex) {
	const shape = shapeOf(hostIndex);
	return {
		hostId: id,
		hostname: `${id}.bench.example`,
		os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', kernel: '6.1.0-18-amd64', arch: 'x64' },
		cpu: { model: 'Bench CPU @ 2.4GHz', cores: shape.cores, physicalCores: Math.max(1, shape.cores >> 1) },
		memTotal: shape.memTotal,
		bootTime: 1_732_000_000_000,
		labels: { role: ['web', 'db', 'cache', 'worker'][hostIndex % 4], dc: hostIndex % 2 ? 'eu-west' : 'us-east' },
		agentVersion: 'pulse-bench 1',
		intervalMs: 1000
	};
}

/** One sample as JSON text. `ts` must be unique per host: the server keeps one sample per ts. */
export function sampleJson(id, hostIndex, seq, ts) {
	return `{"host":"${id}","seq":${seq},"ts":${ts}${tails[hostIndex % SHAPES][seq % VARIANTS]}`;
}

/** Metric values in an average sample, not counting seq and ts (for the report's "~30 values"). */
export function valuesPerSample() {
	let n = 0;
	for (const s of shapes) n += 3 + s.cores + 3 + 5 + 2 + 2 + 2 * s.ifaces.length + 2;
	return n / SHAPES;
}
