import type { AlertEvent, Delivery, Destination, DestinationInput, Rule, RuleInput } from '$lib/protocol/alerts';

/** One thing the server (or the form) found wrong; `field` is the input's top-level key when known. */
export interface Problem {
	field: string | null;
	message: string;
}

/** A request to the alerts API that failed, with a message fit for the page. */
export class AlertsApiError extends Error {
	constructor(
		message: string,
		/** HTTP status; 0 when no answer came. */
		readonly status: number,
		/** The server's reasons, one per issue; empty when it gave none. */
		readonly problems: Problem[] = []
	) {
		super(message);
		this.name = 'AlertsApiError';
	}
}

/** A destination update: omitting `secret` keeps the stored one, `removeSecret` drops it. */
export type DestinationUpdate = DestinationInput & { removeSecret?: true };

/**
 * The server's `details` as separate problems. It writes zod issues as `path: message` joined
 * by `; `, and a message may itself contain `; ` — so split only where a path follows.
 */
export function parseDetails(details: string): Problem[] {
	return details
		.split(/; (?=(?:\(payload\)|[\w.[\]-]+): )/)
		.filter((part) => part.trim() !== '')
		.map((part) => {
			const m = /^(\(payload\)|[\w.[\]-]+): ([\s\S]*)$/.exec(part);
			if (!m || m[1] === '(payload)') return { field: null, message: m ? m[2] : part };
			return { field: m[1].split(/[.[]/)[0], message: `${m[1]}: ${m[2]}` };
		});
}

interface CallOptions {
	method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
	body?: unknown;
	signal?: AbortSignal;
}

/**
 * The alerts HTTP API (docs/api.md). Every method rejects with an {@link AlertsApiError} on a
 * refusal, an unreachable server or an answer of the wrong shape, and with the signal's reason
 * when aborted.
 */
export class AlertsApi {
	constructor(private readonly fetcher: typeof fetch = (...args) => fetch(...args)) {}

	async rules(signal?: AbortSignal): Promise<Rule[]> {
		return arrayField<Rule>(await this.#call('/api/alerts/rules', { signal }), 'rules');
	}
	async createRule(input: RuleInput): Promise<Rule> {
		return objectField<Rule>(await this.#call('/api/alerts/rules', { method: 'POST', body: input }), 'rule');
	}
	async updateRule(id: string, input: RuleInput): Promise<Rule> {
		return objectField<Rule>(await this.#call(`/api/alerts/rules/${encodeURIComponent(id)}`, { method: 'PUT', body: input }), 'rule');
	}
	async deleteRule(id: string): Promise<void> {
		await this.#call(`/api/alerts/rules/${encodeURIComponent(id)}`, { method: 'DELETE' });
	}

	async destinations(signal?: AbortSignal): Promise<Destination[]> {
		return arrayField<Destination>(await this.#call('/api/alerts/destinations', { signal }), 'destinations');
	}
	async createDestination(input: DestinationInput): Promise<Destination> {
		return objectField<Destination>(await this.#call('/api/alerts/destinations', { method: 'POST', body: input }), 'destination');
	}
	async updateDestination(id: string, input: DestinationUpdate): Promise<Destination> {
		const path = `/api/alerts/destinations/${encodeURIComponent(id)}`;
		return objectField<Destination>(await this.#call(path, { method: 'PUT', body: input }), 'destination');
	}
	async deleteDestination(id: string): Promise<void> {
		await this.#call(`/api/alerts/destinations/${encodeURIComponent(id)}`, { method: 'DELETE' });
	}
	/** Queues a test notification to the destination; the delivery log shows how it went. */
	async testDestination(id: string): Promise<Delivery> {
		const path = `/api/alerts/destinations/${encodeURIComponent(id)}/test`;
		return objectField<Delivery>(await this.#call(path, { method: 'POST' }), 'delivery');
	}

	/** A host's alert events, newest first. */
	async history(hostId: string, limit: number, signal?: AbortSignal): Promise<AlertEvent[]> {
		const params = new URLSearchParams({ host: hostId, limit: String(limit) });
		return arrayField<AlertEvent>(await this.#call(`/api/alerts/history?${params}`, { signal }), 'events');
	}
	/** The latest notifications to every destination, newest first. */
	async deliveries(limit: number, signal?: AbortSignal): Promise<Delivery[]> {
		const params = new URLSearchParams({ limit: String(limit) });
		return arrayField<Delivery>(await this.#call(`/api/alerts/deliveries?${params}`, { signal }), 'deliveries');
	}

	async #call(path: string, { method = 'GET', body, signal }: CallOptions): Promise<unknown> {
		const headers: Record<string, string> = { accept: 'application/json' };
		if (body !== undefined) headers['content-type'] = 'application/json';
		let response: Response;
		try {
			response = await this.fetcher(path, { method, headers, signal, body: body === undefined ? undefined : JSON.stringify(body) });
		} catch (err) {
			if (signal?.aborted) throw err;
			throw new AlertsApiError('the server could not be reached', 0);
		}
		if (response.status === 204) return null;
		let answer: unknown;
		try {
			answer = await response.json();
		} catch (err) {
			if (signal?.aborted) throw err;
			throw new AlertsApiError(`the server answered ${response.status} without JSON`, response.status);
		}
		if (!response.ok) {
			const { error, details } = (answer ?? {}) as { error?: unknown; details?: unknown };
			const code = typeof error === 'string' ? error : `HTTP ${response.status}`;
			if (typeof details !== 'string') throw new AlertsApiError(code, response.status);
			throw new AlertsApiError(`${code}: ${details}`, response.status, parseDetails(details));
		}
		return answer;
	}
}

/** `body[key]` when it is an array; the items are trusted to the protocol's types. */
function arrayField<T>(body: unknown, key: string): T[] {
	const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
	if (!Array.isArray(value)) throw new AlertsApiError('the server answered with an unexpected shape', 200);
	return value as T[];
}

/** `body[key]` when it is an object with an id. */
function objectField<T>(body: unknown, key: string): T {
	const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[key] : undefined;
	if (typeof value !== 'object' || value === null || typeof (value as { id?: unknown }).id !== 'string')
		throw new AlertsApiError('the server answered with an unexpected shape', 200);
	return value as T;
}
