// Starts the servers under test as child processes on an ephemeral loopback port:
// the product (`node build/server.js`) and the bare relay (bench/relay/bare-relay.mjs).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { track } from './children.mjs';
import { listeningPort } from './proc-stats.mjs';
import { sleep } from './util.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** Where the built server and agent are read from; `snapshotBuild()` repoints it. */
let buildDir = join(ROOT, 'build');
export const serverEntry = () => join(buildDir, 'server.js');
export const agentBundle = () => join(buildDir, 'agent/pulse-agent.mjs');
const RELAY_ENTRY = join(ROOT, 'bench/relay/bare-relay.mjs');
/** Fixed token for every bench server: the relay checks nothing, the product checks this. */
const BENCH_TOKEN = 'pulse-bench-token-0123456789';
/** The file-descriptor limit each server asks for: 10,000 agents + dashboards need > 11,000. */
const NOFILE = 20_000;

/**
 * A server child process. Its output is kept (bounded) so the report can show warnings and
 * errors: at PULSE_LOG_LEVEL=warn every line it prints is something to look at.
 */
class ServerProcess {
	constructor(kind, child, dataDir) {
		this.kind = kind;
		this.child = child;
		this.pid = child.pid;
		this.dataDir = dataDir;
		this.lines = [];
		this.lineCount = 0;
		this.exited = new Promise((r) => child.once('exit', (code, signal) => r({ code, signal })));
		const collect = (chunk) => {
			for (const line of chunk.toString().split('\n')) {
				if (!line.trim()) continue;
				this.lineCount++;
				if (this.lines.length < 200) this.lines.push(line.slice(0, 500));
			}
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
	}

	get running() {
		return this.child.exitCode === null && this.child.signalCode === null;
	}

	/** Log lines at warn or above (pino levels ≥ 40) plus anything that is not a JSON log line. */
	problems() {
		return this.lines.filter((line) => {
			try {
				return (JSON.parse(line).level ?? 50) >= 40;
			} catch {
				return true;
			}
		});
	}

	/** The server's own figures; an overloaded server may not answer: then `{ error }`, after at most `timeoutMs`. */
	async healthz(timeoutMs = 5_000) {
		try {
			const res = await fetch(`${this.url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
			return await res.json();
		} catch (err) {
			return { error: `GET /healthz: ${err.message}` };
		}
	}

	/** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`; removes its data dir. */
	async stop(timeoutMs = 6_000) {
		if (this.running) {
			this.child.kill('SIGTERM');
			const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
			await this.exited;
			clearTimeout(timer);
		}
		if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true });
	}
}

/** Waits until the process listens and answers /healthz with 200, bounded in time. */
async function ready(server, timeoutMs = 20_000) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!server.running) throw new Error(`${server.kind} exited at start:\n${server.lines.join('\n')}`);
		const port = server.port ?? listeningPort(server.pid);
		if (port) {
			server.port = port;
			server.url = `http://127.0.0.1:${port}`;
			try {
				const res = await fetch(`${server.url}/healthz`);
				if (res.ok) return server;
			} catch {
				// not answering yet
			}
		}
		await sleep(50);
	}
	server.child.kill('SIGKILL');
	throw new Error(`${server.kind} did not become ready within ${timeoutMs} ms:\n${server.lines.join('\n')}`);
}

/**
 * Extra node flags for the servers under test, to look inside a slow run, e.g.
 * BENCH_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (written at their clean exit).
 */
const SERVER_NODE_FLAGS = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(' ').filter(Boolean);

/** Spawns node through sh so the server can raise its file-descriptor limit (soft → NOFILE). */
function spawnNode(args, env) {
	args = [...SERVER_NODE_FLAGS, ...args];
	const script = `ulimit -n ${NOFILE} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
	return track(spawn('sh', ['-c', script, process.execPath, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] }));
}

/**
 * Copies build/ aside for the whole run: other people rebuild while a 5-minute suite runs, and
 * a half-written build/ would fail a scenario or, worse, mix two versions in one table. The
 * copy lives under ROOT/.tmp (gitignored) so the server still resolves ROOT/node_modules.
 * Returns what was copied, for the results file; `dispose()` removes the copy.
 */
export function snapshotBuild() {
	const source = join(ROOT, 'build');
	for (const file of ['server.js', 'handler.js', 'agent/pulse-agent.mjs'])
		if (!existsSync(join(source, file))) throw new Error(`build/${file} is missing: run \`npm run build\` first`);
	const copy = join(ROOT, '.tmp', `bench-build-${process.pid}`);
	mkdirSync(join(ROOT, '.tmp'), { recursive: true });
	cpSync(source, copy, { recursive: true });
	buildDir = copy;
	return {
		serverBuiltAt: statSync(join(source, 'server.js')).mtime.toISOString(),
		agentBuiltAt: statSync(join(source, 'agent/pulse-agent.mjs')).mtime.toISOString(),
		dispose() {
			buildDir = source;
			rmSync(copy, { recursive: true, force: true });
		}
	};
}

/** The product, built; `env` adds or overrides server variables. */
export async function startProduct(env = {}) {
	if (!existsSync(serverEntry())) throw new Error(`${serverEntry()} is missing: run \`npm run build\` first`);
	const dataDir = mkdtempSync(join(tmpdir(), 'pulse-bench-'));
	const child = spawnNode([serverEntry()], {
		...process.env,
		PORT: '0',
		HOST: '127.0.0.1',
		PULSE_DATA_DIR: dataDir,
		PULSE_AGENT_TOKEN: BENCH_TOKEN,
		PULSE_LOG_LEVEL: 'warn',
		...env
	});
	const server = await ready(new ServerProcess('product', child, dataDir));
	server.token = BENCH_TOKEN;
	return server;
}

/** The bare Socket.IO relay: same transport settings, rooms and events; no validation, no storage. */
async function startRelay(env = {}) {
	const child = spawnNode([RELAY_ENTRY], { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env });
	const server = await ready(new ServerProcess('relay', child, null));
	server.token = BENCH_TOKEN;
	return server;
}

/** Starts the target by name: 'product' or 'relay'. */
export function startTarget(target, env) {
	return target === 'product' ? startProduct(env) : startRelay(env);
}
