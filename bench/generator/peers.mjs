// Simulated agents and dashboards, and the bounded-concurrency helper every load uses.
import { WireClient } from '../lib/wire-client.mjs';
import { helloFor, hostId } from '../lib/samples.mjs';

/**
 * Runs `fn` over `items` with at most `limit` in flight and stops starting new ones after
 * `deadline` (performance.now() ms). Returns how many succeeded, failed and were never started
 * (deadline passed), with the first errors.
 */
export async function limited(items, limit, fn, deadline = Infinity) {
	let next = 0;
	let okCount = 0;
	let failed = 0;
	const errors = [];
	const lane = async () => {
		while (next < items.length && performance.now() < deadline) {
			const item = items[next++];
			try {
				await fn(item);
				okCount++;
			} catch (err) {
				failed++;
				if (errors.length < 5) errors.push(err.message);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
	return { ok: okCount, failed, skipped: items.length - okCount - failed, errors };
}

/**
 * Counts what a load must report as a bug, never ignore: rejected acks (with the first
 * details), acks that never came, and disconnects the generator did not ask for.
 */
export class Trouble {
	constructor() {
		this.ackErrors = 0;
		this.ackErrorSamples = [];
		this.unexpectedDisconnects = 0;
		this.disconnectReasons = {};
	}

	ackError(res) {
		this.ackErrors++;
		if (this.ackErrorSamples.length < 3) this.ackErrorSamples.push(JSON.stringify(res).slice(0, 300));
	}

	disconnected(reason) {
		if (reason === 'client') return;
		this.unexpectedDisconnects++;
		this.disconnectReasons[reason] = (this.disconnectReasons[reason] ?? 0) + 1;
	}

	toJSON() {
		return {
			ackErrors: this.ackErrors,
			ackErrorSamples: this.ackErrorSamples,
			unexpectedDisconnects: this.unexpectedDisconnects,
			disconnectReasons: this.disconnectReasons
		};
	}
}

/** A simulated agent: its connection, identity and sequence counter. */
export class SimAgent {
	constructor({ url, token, prefix, index, trouble }) {
		this.index = index;
		this.id = hostId(prefix, index);
		this.seq = 0;
		this.trouble = trouble;
		this.client = new WireClient({
			url,
			nsp: '/agent',
			auth: { token, hostId: this.id, protocol: 1 },
			onClose: (reason) => trouble.disconnected(reason)
		});
	}

	connect(timeoutMs) {
		return this.client.connect(timeoutMs);
	}

	/** Sends `agent:hello` and resolves once it is acked ok; a refusal is an error. */
	async hello(timeoutMs = 15_000) {
		const res = await this.client.request('agent:hello', helloFor(this.id, this.index), timeoutMs);
		if (!res.ok) {
			this.trouble.ackError(res);
			throw new Error(`hello ${this.id}: ${JSON.stringify(res)}`);
		}
	}

	close() {
		this.client.close();
	}
}

/** A simulated dashboard connection. */
export function dashboard({ url, onEvent, trouble, rawEvents = false }) {
	return new WireClient({ url, nsp: '/dashboard', onEvent, rawEvents, onClose: (reason) => trouble.disconnected(reason) });
}
