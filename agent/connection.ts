import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import {
	NAMESPACES,
	PROTOCOL_VERSION,
	type AgentToServerEvents,
	type HostInfo,
	type ServerToAgentEvents
} from '../src/lib/protocol/index.js';
import type { AgentConfig } from './config.js';
import type { Logger } from './logger.js';
import type { Outbox } from './outbox.js';

/** Samples per `agent:samples` batch; well under the server's 1 MB message cap. */
export const MAX_BATCH = 100;
const ACK_TIMEOUT_MS = 10_000;
const REFUSED_RETRY_MIN_MS = 5_000;
const REFUSED_RETRY_MAX_MS = 60_000;

export type ConnectionState = 'connecting' | 'ready' | 'disconnected' | 'closed';

type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

/**
 * The agent's link to the server: connect (WebSocket first, long-polling fallback),
 * authenticate, say hello, then drain the outbox one acknowledged batch at a time.
 * Reconnects with exponential backoff and jitter, also after the server refused it.
 */
export class AgentConnection {
	private socket: AgentSocket;
	private sending = false;
	private refusedRetries = 0;
	private refusedTimer: NodeJS.Timeout | null = null;
	state: ConnectionState = 'connecting';

	constructor(
		private readonly config: AgentConfig,
		private readonly info: HostInfo,
		private readonly outbox: Outbox,
		private readonly log: Logger
	) {
		const tls = config.caFile ? { ca: readFileSync(config.caFile, 'utf8') } : {};
		this.socket = io(`${config.server}${NAMESPACES.agent}`, {
			auth: { token: config.token, hostId: config.hostId, protocol: PROTOCOL_VERSION },
			transports: ['websocket', 'polling'],
			tryAllTransports: true,
			reconnectionDelay: 1_000,
			reconnectionDelayMax: 30_000,
			randomizationFactor: 0.5,
			rejectUnauthorized: !config.insecure,
			...tls,
			autoConnect: false
		});
		this.socket.on('connect', () => void this.onConnect());
		this.socket.on('disconnect', (reason) => {
			if (this.state === 'closed') return;
			this.state = 'disconnected';
			this.log.warn({ reason, buffered: this.outbox.size }, 'disconnected from server');
		});
		this.socket.on('connect_error', (err) => this.onConnectError(err));
	}

	get transport(): string | null {
		return this.socket.io.engine?.transport?.name ?? null;
	}

	start(): void {
		this.socket.connect();
	}

	/** New samples are in the outbox: send if the link is ready and idle. */
	notify(): void {
		void this.drain();
	}

	/** Tries to send what is buffered (bounded by `timeoutMs`), then closes the connection. */
	async close(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (this.state === 'ready' && this.outbox.size > 0 && Date.now() < deadline) {
			await this.drain();
			if (this.sending) await new Promise((r) => setTimeout(r, 20));
		}
		this.state = 'closed';
		if (this.refusedTimer) clearTimeout(this.refusedTimer);
		this.socket.close();
	}

	private async onConnect(): Promise<void> {
		this.refusedRetries = 0;
		this.log.info({ transport: this.transport, server: this.config.server }, 'connected');
		this.socket.io.engine.once('upgrade', () => this.log.info({ transport: this.transport }, 'transport upgraded'));
		try {
			const res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('agent:hello', this.info);
			if (!res.ok) {
				this.log.error({ error: res.error, details: res.details }, 'server rejected hello');
				return;
			}
			this.state = 'ready';
			this.log.info({ buffered: this.outbox.size, dropped: this.outbox.dropped }, 'hello accepted; streaming');
			await this.drain();
		} catch (err) {
			this.log.warn({ err: (err as Error).message }, 'hello not acknowledged; reconnecting');
			this.socket.disconnect().connect();
		}
	}

	private onConnectError(err: Error & { data?: { code?: string; details?: string } }): void {
		if (this.state === 'closed') return;
		if (this.socket.active) {
			this.log.warn({ err: err.message }, 'cannot reach server; retrying');
			return;
		}
		// Refused by the server (bad token, protocol): Socket.IO stops here; we keep trying
		// slowly, since the fix usually happens on the server side.
		const delay = Math.min(REFUSED_RETRY_MAX_MS, REFUSED_RETRY_MIN_MS * 2 ** this.refusedRetries++);
		const jittered = Math.round(delay * (0.75 + Math.random() * 0.5));
		this.log.error({ reason: err.message, details: err.data?.details, retryInMs: jittered }, 'server refused the connection');
		this.refusedTimer = setTimeout(() => this.socket.connect(), jittered);
	}

	/** Sends the oldest buffered batch, one batch in flight at a time, until empty. */
	private async drain(): Promise<void> {
		if (this.sending) return;
		this.sending = true;
		try {
			while (this.state === 'ready' && this.outbox.size > 0) {
				const batch = this.outbox.peek(MAX_BATCH);
				const lastSeq = batch[batch.length - 1].seq;
				const res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('agent:samples', { samples: batch });
				if (res.ok) {
					this.outbox.acknowledge(lastSeq);
				} else if (res.error === 'hello_required') {
					this.state = 'connecting';
					void this.onConnect();
				} else {
					// The server will never accept this batch: keeping it would block everything after it.
					this.log.error({ error: res.error, details: res.details, samples: batch.length }, 'server rejected a batch; dropping it');
					this.outbox.acknowledge(lastSeq);
				}
			}
		} catch (err) {
			this.log.warn({ err: (err as Error).message, buffered: this.outbox.size }, 'batch not acknowledged; will resend');
		} finally {
			this.sending = false;
		}
	}
}
