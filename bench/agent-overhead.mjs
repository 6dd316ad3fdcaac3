// Measures the real agent's cost on this host: CPU % of one core (its own and its child
// processes') and resident memory, at its default 1 Hz against a real server.
// Usage: node bench/agent-overhead.mjs [--seconds 60] [--interval 1000]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '60' }, interval: { type: 'string', default: '1000' }, json: { type: 'boolean' } } });
const seconds = Number(values.seconds);
const CLK_TCK = 100; // Linux USER_HZ
/** Extra node flags for the agent (e.g. AGENT_NODE_FLAGS=--max-semi-space-size=1), to compare settings. */
const nodeFlags = process.env.AGENT_NODE_FLAGS ? process.env.AGENT_NODE_FLAGS.split(' ') : [];

/** utime + stime + cutime + cstime of a process, in seconds (children once reaped). */
function cpuSeconds(pid) {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14])) / CLK_TCK;
}

function rssBytes(pid) {
	const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) * 1024 : NaN;
}

const waitForLine = (child, pattern, timeoutMs) =>
	new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`timeout waiting for ${pattern}`)), timeoutMs);
		child.stdout.on('data', function onData(chunk) {
			const m = pattern.exec(chunk.toString());
			if (m) {
				clearTimeout(timer);
				child.stdout.off('data', onData);
				resolve(m);
			}
		});
	});

export async function measureAgent({ seconds, intervalMs }) {
	const dataDir = mkdtempSync(join(tmpdir(), 'pulse-bench-agent-'));
	const server = spawn(process.execPath, ['build/server.js'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1', PULSE_DATA_DIR: dataDir, PULSE_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'inherit'] });
	try {
		const [, port] = await waitForLine(server, /"port":(\d+)/, 15_000);
		const token = readFileSync(join(dataDir, 'agent-token'), 'utf8').trim();
		const agent = spawn(process.execPath, [...nodeFlags, 'build/agent/pulse-agent.mjs', '--server', `http://127.0.0.1:${port}`, '--interval', String(intervalMs), '--host-id', 'bench-agent'], {
			env: { ...process.env, PULSE_AGENT_TOKEN: token, PULSE_LOG_LEVEL: 'warn' },
			stdio: ['ignore', 'pipe', 'inherit']
		});
		try {
			await new Promise((r) => setTimeout(r, 5_000)); // start-up and first slow readings
			const cpu0 = cpuSeconds(agent.pid);
			const t0 = performance.now();
			let maxRss = 0;
			const rssSamples = [];
			const deadline = t0 + seconds * 1000;
			while (performance.now() < deadline) {
				await new Promise((r) => setTimeout(r, 1000));
				const rss = rssBytes(agent.pid);
				rssSamples.push(rss);
				maxRss = Math.max(maxRss, rss);
			}
			const cpuPercent = ((cpuSeconds(agent.pid) - cpu0) / ((performance.now() - t0) / 1000)) * 100;
			rssSamples.sort((a, b) => a - b);
			return { seconds, intervalMs, cpuPercent, rssMedianMB: rssSamples[rssSamples.length >> 1] / 1e6, rssMaxMB: maxRss / 1e6 };
		} finally {
			agent.kill('SIGTERM');
		}
	} finally {
		server.kill('SIGTERM');
		await new Promise((r) => setTimeout(r, 300));
		rmSync(dataDir, { recursive: true, force: true });
	}
}

if (import.meta.url === `file://${process.argv[1]}`) {
	const result = await measureAgent({ seconds, intervalMs: Number(values.interval) });
	if (values.json) console.log(JSON.stringify(result));
	else console.log(`agent at ${result.intervalMs} ms for ${result.seconds} s: CPU ${result.cpuPercent.toFixed(2)} % of one core (incl. children), RSS median ${result.rssMedianMB.toFixed(1)} MB, max ${result.rssMaxMB.toFixed(1)} MB`);
	process.exit(0);
}
