// Small helpers shared by the scenarios.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(values) {
	const v = values.filter(Number.isFinite).sort((a, b) => a - b);
	return v.length ? v[v.length >> 1] : NaN;
}

export const sum = (values) => values.reduce((a, b) => a + b, 0);

/** The generator verdict: any worker above `limit` % of one core, or lagging, was the bottleneck. */
export function generatorVerdict(selves, limit = 90) {
	const maxCpu = Math.max(...selves.map((s) => s.cpuPercent));
	const maxLag = Math.max(...selves.map((s) => s.loopLagP99Ms));
	return {
		workers: selves.length,
		cpuPercent: selves.map((s) => Math.round(s.cpuPercent * 10) / 10),
		maxCpuPercent: maxCpu,
		loopLagP99Ms: maxLag,
		loopLagMaxMs: Math.max(...selves.map((s) => s.loopLagMaxMs)),
		rssMB: selves.map((s) => Math.round(s.rssMB)),
		bound: maxCpu > limit
	};
}
