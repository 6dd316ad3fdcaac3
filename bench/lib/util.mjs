// Small helpers shared by the scenarios.

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(values) {
	const v = values.filter(Number.isFinite).sort((a, b) => a - b);
	return v.length ? v[v.length >> 1] : NaN;
}

export const sum = (values) => values.reduce((a, b) => a + b, 0);

/**
 * The generator verdict: any worker above `limit` % of one core was the bottleneck.
 * `roles` names each worker's job for the report (e.g. 'hosts', 'overview').
 */
export function generatorVerdict(selves, roles = [], limit = 90) {
	const maxCpu = Math.max(...selves.map((s) => s.cpuPercent));
	const r1 = (v) => Math.round(v * 10) / 10;
	return {
		workers: selves.length,
		roles,
		cpuPercent: selves.map((s) => r1(s.cpuPercent)),
		maxCpuPercent: maxCpu,
		loopLagP99Ms: selves.map((s) => r1(s.loopLagP99Ms)),
		/** Worst lag among the workers that time host samples (the overview worker's own lag only delays overview figures). */
		hostLoopLagP99Ms: Math.max(0, ...selves.filter((_, i) => roles[i] !== 'overview').map((s) => s.loopLagP99Ms)),
		loopLagMaxMs: Math.max(...selves.map((s) => s.loopLagMaxMs)),
		rssMB: selves.map((s) => Math.round(s.rssMB)),
		bound: maxCpu > limit
	};
}
