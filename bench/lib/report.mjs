// Formats the results as plain-text tables for the terminal (and for pasting into issues).

const thousands = (v) => Math.round(v).toLocaleString('en-US');

/** A figure with a sensible precision for its size and unit. */
export function fmt(v, unit = '') {
	if (v === null || v === undefined || Number.isNaN(v)) return '—';
	if (unit === 'x') return `${(v * 100).toFixed(1)} %`;
	if (unit === 'n') return thousands(v);
	let s;
	if (Math.abs(v) >= 1000) s = thousands(v);
	else if (Math.abs(v) >= 100) s = v.toFixed(0);
	else if (Math.abs(v) >= 10) s = v.toFixed(1);
	else s = v.toFixed(2);
	if (unit === '/s' || unit === '') return s;
	return unit === '%' ? `${s} %` : `${s} ${unit}`;
}

function targetText(x) {
	const parts = [];
	if (x.target && x.target.op === '<=' && x.target.value === 0) parts.push('= 0');
	else if (x.target) parts.push(`${x.target.op === '>=' ? '≥' : '≤'} ${fmt(x.target.value, x.unit)}`);
	if (x.ratioTarget) parts.push(`${x.ratioTarget.op === '>=' ? '≥' : '≤'} ${x.ratioTarget.value}× relay`);
	return parts.join(', ');
}

/** Lays out rows of cells with column widths fitted to the content. */
export function table(header, rows) {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The main table: every metric, product vs bare relay, ratio, target, verdict. */
export function resultsTable(rows) {
	const star = (x, who) => (x.bound?.[who] ? ' *' : '');
	return table(
		['metric', 'product', 'bare relay', 'prod/relay', 'target', 'verdict'],
		rows.map((x) =>
			x.todo
				? [`${x.metric} — ${x.todo}`, '—', '—', '—', '', 'todo']
				: [
						x.metric,
						fmt(x.product, x.unit) + star(x, 'product'),
						fmt(x.relay, x.unit) + star(x, 'relay'),
						x.ratio === null ? '—' : `${x.ratio.toFixed(2)}×`,
						targetText(x),
						x.verdict
					]
		)
	);
}

/** Who was busy during each measured run: the server, the generator, the machine. */
export function loadTable(runs) {
	return table(
		['run', 'server CPU', 'idle /healthz p50', 'generator CPU (per worker)', 'gen loop lag p99', 'machine CPU', 'of which others', 'generator'],
		runs.map((r) => {
			const ours = (r.serverCpu ?? 0) + r.generator.cpuPercent.reduce((a, b) => a + b, 0);
			const perWorker = (values, unit) =>
				values.map((v, i) => `${r.generator.roles?.[i] === 'overview' ? 'ov ' : ''}${fmt(v, unit)}`).join(' + ');
			return [
				r.name,
				fmt(r.serverCpu, '%'),
				fmt(r.idleHealthzP50, 'ms'),
				perWorker(r.generator.cpuPercent, '%'),
				perWorker(r.generator.loopLagP99Ms, 'ms'),
				r.machinePercent === null ? '—' : fmt(r.machinePercent, '%'),
				// Machine busy minus our processes: other people's work, kernel networking, the orchestrator.
				r.machinePercent === null || r.serverCpu === null ? '—' : fmt(Math.max(0, r.machinePercent - ours), '%'),
				r.generator.bound ? 'GENERATOR-BOUND' : 'ok'
			];
		})
	);
}
