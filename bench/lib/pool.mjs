// The orchestrator's side of the generator processes: fork N workers, send each a command,
// await every answer (bounded in time), kill them all at the end.
import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { track } from './children.mjs';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), '../generator/worker.mjs');

export class WorkerPool {
	/** @param {number} size */
	constructor(size) {
		this.workers = Array.from({ length: size }, () => {
			const child = track(fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
			const w = { child, pending: new Map(), nextId: 0, exited: false };
			child.on('message', (msg) => {
				const p = w.pending.get(msg.id);
				if (!p) return;
				w.pending.delete(msg.id);
				if (msg.ok) p.resolve(msg.result);
				else p.reject(new Error(`generator ${child.pid}: ${msg.error}`));
			});
			child.on('exit', (code, signal) => {
				w.exited = true;
				for (const p of w.pending.values()) p.reject(new Error(`generator ${child.pid} exited (${code ?? signal})`));
				w.pending.clear();
			});
			return w;
		});
	}

	get size() {
		return this.workers.length;
	}

	get pids() {
		return this.workers.map((w) => w.child.pid);
	}

	/** Sends `cmd` to worker `i`; rejects after `timeoutMs`. */
	callOne(i, cmd, params = {}, timeoutMs = 60_000) {
		const w = this.workers[i];
		if (w.exited) return Promise.reject(new Error(`generator ${w.child.pid} has exited`));
		const id = w.nextId++;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				w.pending.delete(id);
				reject(new Error(`generator ${w.child.pid}: "${cmd}" timed out after ${timeoutMs} ms`));
			}, timeoutMs);
			w.pending.set(id, {
				resolve: (v) => (clearTimeout(timer), resolve(v)),
				reject: (e) => (clearTimeout(timer), reject(e))
			});
			w.child.send({ id, cmd, params });
		});
	}

	/** Sends `cmd` to every worker; `paramsFor(i)` gives each its own share of the load. */
	call(cmd, paramsFor = () => ({}), timeoutMs) {
		return Promise.all(this.workers.map((_, i) => this.callOne(i, cmd, paramsFor(i), timeoutMs)));
	}

	/** Asks every worker to close its sockets, then kills whatever is still running. */
	async close() {
		await Promise.allSettled(this.workers.map((_, i) => this.callOne(i, 'close', {}, 10_000)));
		for (const w of this.workers) if (!w.exited) w.child.kill('SIGKILL');
	}
}

/** Splits `total` items into `parts` contiguous ranges [lo, hi). */
export function share(total, parts, i) {
	const lo = Math.floor((total * i) / parts);
	return { lo, hi: Math.floor((total * (i + 1)) / parts) };
}
