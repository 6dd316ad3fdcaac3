// Scenario 4, agent overhead: the real agent (build/agent/pulse-agent.mjs) at 1 Hz against a
// real server; its CPU as % of one core — its own plus its reaped child processes' (the
// agent spawns a few, e.g. for the process list) — and its resident memory.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { track } from '../lib/children.mjs';
import { CpuWindow, rssBytes } from '../lib/proc-stats.mjs';
import { agentBundle, ROOT, startProduct } from '../lib/servers.mjs';
import { median, sleep } from '../lib/util.mjs';

/** Start-up and the first slow readings (the first CPU reading alone takes ~0.5 s) are not the steady state. */
const WARMUP_MS = 5_000;

/**
 * @param {{ seconds: number, intervalMs?: number, nodeFlags?: string[] }} o
 *   nodeFlags: extra node flags for the agent (e.g. --max-semi-space-size=1), to compare settings.
 */
export async function runAgentOverhead({ seconds, intervalMs = 1000, nodeFlags = [] }) {
	if (!existsSync(agentBundle())) throw new Error(`${agentBundle()} is missing: run \`npm run build:agent\` first`);
	const server = await startProduct();
	let agent;
	try {
		agent = track(spawn(
			process.execPath,
			[...nodeFlags, agentBundle(), '--server', server.url, '--interval', String(intervalMs), '--host-id', 'bench-agent'],
			{ cwd: ROOT, env: { ...process.env, PULSE_AGENT_TOKEN: server.token, PULSE_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] }
		));
		const output = [];
		const keep = (chunk) => output.length < 50 && output.push(...chunk.toString().split('\n').filter(Boolean));
		agent.stdout.on('data', keep);
		agent.stderr.on('data', keep);
		const exited = new Promise((r) => agent.once('exit', (code, signal) => r(code ?? signal)));

		await sleep(WARMUP_MS);
		if (agent.exitCode !== null) throw new Error(`the agent exited at start:\n${output.join('\n')}`);
		const accepted0 = (await server.healthz()).samplesAccepted;
		const cpu = new CpuWindow(agent.pid, { children: true }).start();
		const rss = [];
		const deadline = performance.now() + seconds * 1000;
		while (performance.now() < deadline && agent.exitCode === null) {
			await sleep(1000);
			rss.push(rssBytes(agent.pid));
		}
		const window = cpu.stop();
		const accepted = (await server.healthz()).samplesAccepted - accepted0;
		agent.kill('SIGTERM');
		const killer = setTimeout(() => agent.kill('SIGKILL'), 5_000);
		await exited;
		clearTimeout(killer);
		return {
			seconds,
			intervalMs,
			nodeFlags,
			cpuPercent: window.cpuPercent,
			rssMedianMB: median(rss) / 1e6,
			rssMaxMB: Math.max(...rss.filter(Number.isFinite)) / 1e6,
			samplesAccepted: accepted,
			expectedSamples: Math.round((window.seconds * 1000) / intervalMs),
			agentOutput: output.slice(0, 10),
			serverProblems: server.problems().slice(0, 10)
		};
	} finally {
		if (agent && agent.exitCode === null && agent.signalCode === null) agent.kill('SIGKILL');
		await server.stop();
	}
}
