// `npm run bench`: the benchmark suite. Runs each scenario against the product and against
// a bare Socket.IO relay on loopback, prints one table (product, relay, ratio, target,
// verdict) and who was busy during each run, and saves the results (bench/results/).
// Progress goes to stderr, tables to stdout.
import { parseArgs } from 'node:util';
import { killAll } from './lib/children.mjs';
import { machineInfo, machineTicks } from './lib/proc-stats.mjs';
import { fmt, loadTable, resultsTable } from './lib/report.mjs';
import { gitInfo, saveResults } from './lib/results.mjs';
import { agentRows, browserRows, connectionRows, fleetRows, ingestRows, judge, storeRows } from './lib/rows.mjs';
import { snapshotBuild } from './lib/servers.mjs';
import { sleep } from './lib/util.mjs';
import { valuesPerSample } from './lib/samples.mjs';
import { CLIENT_NAME } from './lib/wire-client.mjs';
import { runAgentOverhead } from './scenarios/agent-overhead.mjs';
import { runStore } from './scenarios/store.mjs';
import { runBrowser } from './scenarios/browser.mjs';
import { runConnections } from './scenarios/connections.mjs';
import { runFleet } from './scenarios/fleet.mjs';
import { runIngest } from './scenarios/ingest.mjs';

const USAGE = `Usage: npm run bench -- [options]      (or: node bench/run.mjs [options])

  --quick                 ~3.5 min: fleet of 1,000 only, shorter windows, agent 20 s, browser 20 s a page
  --only LIST             scenarios to run, comma-separated: ingest,fleet,connections,agent,browser,store
  --targets LIST          product,relay (default both)
  --fleet-sizes LIST      agents per fleet step (default 1000,10000; --quick 1000)
  --fleet-seconds N       measurement window per fleet step and target (default 20; --quick 10)
  --ingest-seconds N      measurement window of the ingest flood (default 8; --quick 5)
  --agent-seconds N       real-agent measurement (default 60; --quick 20)
  --browser-seconds N     browser: time on each page, 2/3 counting frames, 1/3 without (default 60;
                          --quick 20); the JS heap trend spans it: 120 = the issue's 2 minutes
  --browser-profile DIR   browser: after each page's window, a 10 s CPU profile of it into DIR
                          (overview.cpuprofile, host.cpuprofile; open in Chrome DevTools)
  --hosts-per-dashboard N fleet: hosts each host-page dashboard watches (default 10; 0 = no host dashboards)
  --overview-dashboards N fleet: dashboards on the overview (default 5; 0 = none)
  --connections N         agents in the connection scenario (default 5000)
  --workers N             generator processes (default 2: this machine has 2 cores)
  --no-save               do not write bench/results/
  --note TEXT             free text stored with the results (e.g. what changed)

Longer runs, e.g.: npm run bench -- --fleet-seconds 120 --agent-seconds 300 --fleet-sizes 1000,5000,10000`;

function options() {
	const { values } = parseArgs({
		options: {
			quick: { type: 'boolean', default: false },
			only: { type: 'string' },
			targets: { type: 'string', default: 'product,relay' },
			'fleet-sizes': { type: 'string' },
			'fleet-seconds': { type: 'string' },
			'ingest-seconds': { type: 'string' },
			'agent-seconds': { type: 'string' },
			'browser-seconds': { type: 'string' },
			'browser-profile': { type: 'string' },
			'hosts-per-dashboard': { type: 'string' },
			'overview-dashboards': { type: 'string' },
			connections: { type: 'string', default: '5000' },
			workers: { type: 'string', default: '2' },
			'no-save': { type: 'boolean', default: false },
			note: { type: 'string' },
			help: { type: 'boolean', short: 'h', default: false }
		}
	});
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const q = values.quick;
	const num = (name, fallback, min, max) => {
		const raw = values[name] ?? String(fallback);
		const v = Number(raw);
		if (!Number.isInteger(v) || v < min || v > max) {
			console.error(`--${name}=${raw}: expected an integer from ${min} to ${max}`);
			process.exit(2);
		}
		return v;
	};
	const list = (raw, allowed) => {
		const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
		const bad = items.filter((s) => !allowed.includes(s));
		if (bad.length) {
			console.error(`unknown value(s) ${bad.join(', ')}: expected some of ${allowed.join(', ')}`);
			process.exit(2);
		}
		return items;
	};
	const sizes = (values['fleet-sizes'] ?? (q ? '1000' : '1000,10000')).split(',').map(Number);
	if (sizes.some((n) => !Number.isInteger(n) || n < 10 || n > 15_000)) {
		// Above ~15,000 the server's 20,000 file descriptors (agents + dashboards) run out.
		console.error(`--fleet-sizes=${values['fleet-sizes']}: expected integers from 10 to 15000`);
		process.exit(2);
	}
	return {
		quick: q,
		only: list(values.only ?? 'ingest,fleet,connections,agent,browser,store', ['ingest', 'fleet', 'connections', 'agent', 'browser', 'store']),
		targets: list(values.targets, ['product', 'relay']),
		fleetSizes: sizes,
		fleetSeconds: num('fleet-seconds', q ? 10 : 20, 2, 3600),
		ingestSeconds: num('ingest-seconds', q ? 5 : 8, 2, 3600),
		agentSeconds: num('agent-seconds', q ? 20 : 60, 5, 7200),
		browserSeconds: num('browser-seconds', q ? 20 : 60, 9, 3600),
		browserProfile: values['browser-profile'] ?? null,
		hostsPerDashboard: num('hosts-per-dashboard', 10, 0, 64),
		overviewDashboards: num('overview-dashboards', 5, 0, 100),
		connections: num('connections', 5000, 10, 15_000),
		workers: num('workers', 2, 1, 8),
		save: !values['no-save'],
		note: values.note ?? null
	};
}

const progress = (msg) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);

/** Machine CPU busy over `ms` before we start anything: other people's load on a shared box. */
async function backgroundCpu(ms = 2000) {
	const a = machineTicks();
	await sleep(ms);
	const b = machineTicks();
	return ((b.busy - a.busy) / Math.max(1, b.total - a.total)) * 100 * machineInfo().cores;
}

/** Runs one scenario for one target; a failure is recorded, and the suite goes on. */
async function attempt(label, fn) {
	const t0 = performance.now();
	progress(`${label} …`);
	try {
		const r = await fn();
		progress(`${label} done in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
		return r;
	} catch (err) {
		progress(`${label} FAILED: ${err.message}`);
		return { error: err.message.slice(0, 2000) };
	}
}

/** Everything worth a reader's attention that is not a figure: errors, disconnects, warnings. */
function problems(results) {
	const out = [];
	const runs = [];
	if (results.ingest) for (const [t, r] of Object.entries(results.ingest)) runs.push([`ingest/${t}`, r]);
	for (const [size, byTarget] of Object.entries(results.fleet ?? {})) for (const [t, r] of Object.entries(byTarget)) runs.push([`fleet ${size}/${t}`, r]);
	if (results.connections) for (const [t, r] of Object.entries(results.connections)) runs.push([`connections/${t}`, r]);
	for (const [name, r] of runs) {
		if (r.error) {
			out.push(`${name}: run failed: ${r.error.split('\n')[0]}`);
			continue;
		}
		for (const t of r.trouble ?? []) {
			if (t.ackErrors) out.push(`${name}: ${t.ackErrors} rejected acks, e.g. ${t.ackErrorSamples[0]}`);
			if (t.unexpectedDisconnects) out.push(`${name}: ${t.unexpectedDisconnects} unexpected disconnects ${JSON.stringify(t.disconnectReasons)}`);
		}
		for (const f of r.ramp?.failures ?? []) out.push(`${name}: ramp-up: ${f.failed} ${f.kind} failed, ${f.skipped} not started in time; e.g. ${f.errors[0] ?? ''}`);
		for (const f of r.failures ?? []) out.push(`${name}: ${f.failed} failed, ${f.skipped} not started in time; e.g. ${f.errors[0] ?? ''}`);
		if (r.generator?.bound)
			out.push(`${name}: GENERATOR-BOUND (a generator process at ${fmt(r.generator.maxCpuPercent, '%')} of a core): its figures are bounds`);
		if (r.generator?.hostLoopLagP99Ms > 10 && r.latency)
			out.push(`${name}: generator event-loop lag p99 ${fmt(r.generator.hostLoopLagP99Ms, 'ms')}: latencies include up to that much generator delay`);
		if (r.unmatched) out.push(`${name}: ${r.unmatched} host:sample events matched no sent sample`);
		if (r.lateSends) out.push(`${name}: generator sent ${r.lateSends} samples > 50 ms behind schedule (max ${fmt(r.maxLateMs, 'ms')})`);
		const stale = Object.entries(r.hostStatusEvents ?? {}).filter(([, n]) => n > 0);
		if (stale.length) out.push(`${name}: host:status events during the window: ${JSON.stringify(Object.fromEntries(stale))}`);
		if (r.server?.healthzTimeouts)
			out.push(`${name}: ${r.server.healthzTimeouts} /healthz probes unanswered after 5 s (counted as 5 s: the percentiles are lower bounds)`);
		if (r.server?.healthzErrors) out.push(`${name}: ${r.server.healthzErrors} /healthz probes failed`);
		if (r.health?.error) out.push(`${name}: after the window, ${r.health.error}`);
		if (r.serverProblems?.length) out.push(`${name}: server printed ${r.serverProblems.length} warning/error lines, first: ${r.serverProblems[0].slice(0, 300)}`);
	}
	const a = results.agent;
	if (a?.error) out.push(`agent: run failed: ${a.error.split('\n')[0]}`);
	else if (a) {
		if (!(a.samplesAccepted >= a.expectedSamples * 0.95)) out.push(`agent: only ${a.samplesAccepted}/${a.expectedSamples} samples reached the server`);
		if (a.agentOutput.length) out.push(`agent printed: ${a.agentOutput[0].slice(0, 300)}`);
	}
	out.push(...browserProblems(results.browser));
	return out;
}

/** What to look at in the browser scenario besides its figures. */
function browserProblems(b) {
	if (!b) return [];
	if (b.error) return [`browser: run failed: ${b.error.split('\n')[0]}`];
	const out = [];
	for (const f of b.failures) out.push(`browser: ${f.failed} agents failed, ${f.skipped} not started in time; e.g. ${f.errors[0] ?? ''}`);
	for (const t of b.trouble) {
		if (t.ackErrors) out.push(`browser: ${t.ackErrors} rejected acks, e.g. ${t.ackErrorSamples[0]}`);
		if (t.unexpectedDisconnects) out.push(`browser: ${t.unexpectedDisconnects} unexpected agent disconnects ${JSON.stringify(t.disconnectReasons)}`);
	}
	if (b.baseline.fps < 55) out.push(`browser: an empty page gets only ${fmt(b.baseline.fps)} fps here: frame rates are capped by this machine, not the pages`);
	for (const [name, p] of [['overview', b.overview], ['host page', b.host]]) {
		for (const e of p.pageErrors) out.push(`browser ${name}: ${e}`);
		if (p.cpu.machine > 180) out.push(`browser ${name}: the machine was ${fmt(p.cpu.machine, '%')} busy of 200 %: its figures include waiting for a core`);
	}
	if (b.overview.cards !== b.params.agents) out.push(`browser overview: ${b.overview.cards} cards for ${b.params.agents} hosts`);
	if (b.serverProblems.length) out.push(`browser: server printed ${b.serverProblems.length} warning/error lines, first: ${b.serverProblems[0].slice(0, 300)}`);
	if (b.generator.bound) out.push(`browser: GENERATOR-BOUND (${fmt(b.generator.maxCpuPercent, '%')} of a core): the stream may have been slower than 1 Hz`);
	return out;
}

/** One line per measured run: server, generator and machine CPU. */
function loads(results) {
	const out = [];
	const add = (name, r) => {
		if (!r || r.error) return;
		out.push({
			name,
			serverCpu: r.server?.cpuPercent ?? null,
			idleHealthzP50: r.idleHealthz?.p50 ?? null,
			machinePercent: r.server?.machinePercent ?? null,
			generator: r.generator
		});
	};
	for (const [t, r] of Object.entries(results.ingest ?? {})) add(`ingest / ${t}`, r);
	for (const [size, byTarget] of Object.entries(results.fleet ?? {})) for (const [t, r] of Object.entries(byTarget)) add(`fleet ${size} / ${t}`, r);
	for (const [t, r] of Object.entries(results.connections ?? {})) add(`connections / ${t} (storm)`, r);
	return out;
}

async function main() {
	const opts = options();
	const started = Date.now();
	const machine = machineInfo();
	const { commit, dirty } = gitInfo();
	progress(`commit ${commit}${dirty ? ' (dirty)' : ''}; ${machine.cpuModel}, ${machine.cores} cores, node ${machine.node}`);
	const backgroundCpuPercent = await backgroundCpu();
	progress(`background load before start: ${backgroundCpuPercent.toFixed(0)} % CPU of ${machine.cores * 100} %`);
	const build = snapshotBuild();
	const stopAll = () => {
		killAll();
		build.dispose();
	};
	for (const sig of ['SIGINT', 'SIGTERM'])
		process.on(sig, () => {
			progress(`${sig}: stopping every process the bench started`);
			stopAll();
			process.exit(130);
		});

	const results = {};
	try {
		if (opts.only.includes('ingest')) {
			results.ingest = {};
			for (const target of opts.targets)
				results.ingest[target] = await attempt(`ingest / ${target}`, () =>
					runIngest({ target, workers: opts.workers, connections: 16, inflight: 4, batch: 50, warmupS: 2, seconds: opts.ingestSeconds })
				);
		}
		if (opts.only.includes('fleet')) {
			results.fleet = {};
			for (const size of opts.fleetSizes) {
				results.fleet[size] = {};
				for (const target of opts.targets)
					results.fleet[size][target] = await attempt(`fleet ${size} / ${target}`, () =>
						runFleet({
							target,
							workers: opts.workers,
							agents: size,
							hostsPerDashboard: opts.hostsPerDashboard,
							overviewDashboards: opts.overviewDashboards,
							concurrency: 200,
							settleS: 3,
							seconds: opts.fleetSeconds
						})
					);
			}
		}
		if (opts.only.includes('connections')) {
			results.connections = {};
			for (const target of opts.targets)
				results.connections[target] = await attempt(`connections ${opts.connections} / ${target}`, () =>
					runConnections({ target, workers: opts.workers, agents: opts.connections, concurrency: 200, settleS: 2 })
				);
		}
		if (opts.only.includes('store'))
			results.store = await attempt('store ingest', () => runStore({ hosts: 1000, minutes: opts.quick ? 3 : 10 }));
		if (opts.only.includes('agent'))
			results.agent = await attempt(`real agent ${opts.agentSeconds} s`, () => runAgentOverhead({ seconds: opts.agentSeconds }));
		if (opts.only.includes('browser')) {
			const framesS = Math.round((opts.browserSeconds * 2) / 3);
			results.browser = await attempt(`browser, 1000 hosts, ${opts.browserSeconds} s a page`, () =>
				runBrowser({
					workers: opts.workers,
					agents: 1000,
					framesS,
					quietS: opts.browserSeconds - framesS,
					// Heap readings (each after a forced GC) about every 10 s: enough points for a trend.
					heapEveryS: Math.max(5, Math.round(opts.browserSeconds / 6)),
					baselineS: 5,
					concurrency: 200,
					settleS: 2,
					profileDir: opts.browserProfile,
					profileS: 10
				})
			);
		}
	} finally {
		stopAll();
	}

	const rows = judge([
		...(results.ingest ? ingestRows(results.ingest) : []),
		...Object.entries(results.fleet ?? {}).flatMap(([size, r]) => fleetRows(Number(size), r)),
		...(results.connections ? connectionRows(opts.connections, results.connections) : []),
		...(results.store ? storeRows(results.store) : []),
		...(results.agent ? agentRows(results.agent) : []),
		...(results.browser ? browserRows(results.browser) : [])
	]);
	const durationS = Math.round((Date.now() - started) / 1000);
	const issues = problems(results);
	const busy = loads(results);

	console.log(`\nPulse benchmark — ${new Date(started).toISOString()} — commit ${commit}${dirty ? ' (dirty)' : ''} — ${durationS} s`);
	console.log(`${machine.cpuModel}, ${machine.cores} cores, ${(machine.totalMemBytes / 2 ** 30).toFixed(1)} GiB, node ${machine.node}`);
	console.log(`generator: ${CLIENT_NAME}, ${opts.workers} worker processes; samples: ${valuesPerSample().toFixed(0)} metric values on average + seq, ts (fs every 10th, procs every 30th)`);
	console.log(`background load before start: ${fmt(backgroundCpuPercent, '%')} of ${machine.cores * 100} % (other processes on this machine)\n`);
	console.log(resultsTable(rows));
	console.log('\n* = generator-bound (a generator process above 90 % of a core): the figure is a bound, not a measurement.');
	console.log('Server and generator share this machine\'s cores; "/healthz p99" is event-loop lag seen from outside plus a tiny HTTP handler.\n');
	if (busy.length) console.log(loadTable(busy) + '\n');
	if (issues.length) console.log(`Problems to look at:\n${issues.map((i) => `  - ${i}`).join('\n')}\n`);
	else console.log('No errors, rejected acks, disconnects or server warnings.\n');

	if (opts.save) {
		const paths = saveResults({
			date: new Date(started).toISOString(),
			commit,
			dirty,
			machine,
			build: { serverBuiltAt: build.serverBuiltAt, agentBuiltAt: build.agentBuiltAt },
			options: opts,
			durationS,
			backgroundCpuPercent,
			client: CLIENT_NAME,
			rows,
			problems: issues,
			results
		});
		console.log(`Saved ${paths.latest} and appended to ${paths.history}`);
	}
	// A short-of-target figure is a result; a scenario that could not run is a failure.
	process.exit(issues.some((i) => i.includes('run failed')) ? 1 : 0);
}

await main();
