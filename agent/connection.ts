import { readFileSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import {
	LIMITS,
	NAMESPACES,
	PROTOCOL_VERSION,
	type AgentToServerEvents,
	type HostInfo,
	type Sample,
	type SampleBatch,
	type ServerToAgentEvents
} from '../src/lib/protocol/index.js';
import type { AgentConfig } from './config.js';
import { keepUpgrading } from '../src/lib/transport/keep-upgrading.js';
import { diagnoseReachability } from './diagnose.js';
import type { Logger } from './logger.js';
import type { Outbox } from './outbox.js';

/** Samples per `agent:samples` batch; well under the server's 1 MB message cap. */
export const MAX_BATCH = 100;
const ACK_TIMEOUT_MS = 10_000;
/** A live sample not in an `agent:acked` by then goes back to the backlog (the server acks every ~5 s). */
const LIVE_ACK_TIMEOUT_MS = LIMITS.deferredAckMs + ACK_TIMEOUT_MS;
const REFUSED_RETRY_MIN_MS = 5_000;
const REFUSED_RETRY_MAX_MS = 60_000;

export type ConnectionState = 'connecting' | 'ready' | 'disconnected' | 'closed';

type AgentSocket = Socket<ServerToAgentEvents, AgentToServerEvents>;

const seqsOf = (batch: readonly Sample[]) => batch.map((s) => s.seq);

/**
 * The agent's link to the server: connect (WebSocket first, long-polling fallback),
 * authenticate, say hello, then send. Two lanes share the link: each new sample goes out at
 * once (live), while the backlog (samples from a disconnection or a previous run) is replayed
 * oldest first at a bounded rate. Reconnects with exponential backoff and jitter, also after
 * the server refused it.
 */
export class AgentConnection {
	private socket: AgentSocket;
	private replaying = false;
	private refusedRetries = 0;
	/** Consecutive failed attempts to reach the server (reset on connect). */
	private unreachable = 0;
	private readonly tls: { ca?: string; rejectUnauthorized: boolean };
	/** Live samples sent without a callback, by seq → when to give up waiting for `agent:acked`. */
	private liveDeadlines = new Map<number, number>();
	private liveTimer: NodeJS.Timeout | null = null;
	private refusedTimer: NodeJS.Timeout | null = null;
	/** The server instance of the previous hello: a new one may have lost unwritten samples. */
	private bootId: string | null = null;
	state: ConnectionState = 'connecting';

	constructor(
		private readonly config: AgentConfig,
		private readonly info: HostInfo,
		private readonly outbox: Outbox,
		private readonly log: Logger
	) {
		this.tls = { ...(config.caFile ? { ca: readFileSync(config.caFile, 'utf8') } : {}), rejectUnauthorized: !config.insecure };
		this.socket = io(`${config.server}${NAMESPACES.agent}`, {
			auth: { token: config.token, hostId: config.hostId, protocol: PROTOCOL_VERSION },
			transports: ['websocket', 'polling'],
			tryAllTransports: true,
			reconnectionDelay: config.reconnectMinMs,
			reconnectionDelayMax: config.reconnectMaxMs,
			randomizationFactor: 0.5,
			...this.tls,
			autoConnect: false
		});
		keepUpgrading(this.socket);
		// On the manager's 'open' the engine has its handshake, and an upgrade probe may be under way.
		this.socket.io.on('open', () => this.socket.io.engine.once('upgrade', () => this.log.info({ transport: this.transport }, 'transport upgraded')));
		this.socket.on('connect', () => void this.onConnect());
		this.socket.on('disconnect', (reason) => {
			this.outbox.resetInFlight();
			this.liveDeadlines.clear();
			if (this.state === 'closed') return;
			this.state = 'disconnected';
			this.log.warn({ reason, buffered: this.outbox.size }, 'disconnected from server');
		});
		this.socket.on('connect_error', (err) => this.onConnectError(err));
		this.socket.on('agent:acked', ({ seqs }) => {
			for (const seq of seqs) this.liveDeadlines.delete(seq);
			this.outbox.acknowledge(seqs, Date.now());
		});
	}

	get transport(): string | null {
		return this.socket.io.engine?.transport?.name ?? null;
	}

	start(): void {
		this.socket.connect();
		this.liveTimer = setInterval(() => this.expireLive(Date.now()), 1_000);
		this.liveTimer.unref();
	}

	/**
	 * A new sample is in the outbox: send it now if the link is up (the live lane). Live
	 * samples go without an ack callback; the server acknowledges several at once with
	 * `agent:acked`, which saves a packet per sample on both sides.
	 */
	notify(sample: Sample): void {
		if (this.state !== 'ready' || !this.outbox.isSendable(sample)) return;
		this.outbox.send([sample]);
		this.liveDeadlines.set(sample.seq, Date.now() + LIVE_ACK_TIMEOUT_MS);
		// Without a callback on purpose (the event map types the callback form used for replay).
		const emitUnacked = this.socket.emit as (event: 'agent:samples', batch: SampleBatch) => unknown;
		emitUnacked.call(this.socket, 'agent:samples', { samples: [sample], dropped: this.outbox.dropped });
	}

	/** Live samples whose ack did not come go back to the backlog, for the replay lane. */
	private expireLive(now: number): void {
		const expired: number[] = [];
		for (const [seq, deadline] of this.liveDeadlines) if (deadline <= now) expired.push(seq);
		if (expired.length === 0) return;
		for (const seq of expired) this.liveDeadlines.delete(seq);
		this.outbox.unsent(expired);
		this.log.warn({ samples: expired.length }, 'live samples not acknowledged in time; will resend');
		this.replay();
	}

	/** Tries to send what is buffered (bounded by `timeoutMs`), then closes the connection. */
	async close(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		// Live samples awaiting a deferred ack go again, in batches the server answers at once.
		this.outbox.unsent([...this.liveDeadlines.keys()]);
		this.liveDeadlines.clear();
		while (this.state === 'ready' && this.outbox.size > 0 && Date.now() < deadline) {
			const batch = this.outbox.backlog(MAX_BATCH);
			if (batch.length === 0) await new Promise((r) => setTimeout(r, 20));
			else if (!(await this.sendBatch(batch, deadline - Date.now()))) break;
		}
		this.state = 'closed';
		if (this.refusedTimer) clearTimeout(this.refusedTimer);
		if (this.liveTimer) clearInterval(this.liveTimer);
		this.socket.close();
	}

	private async onConnect(): Promise<void> {
		this.refusedRetries = 0;
		this.unreachable = 0;
		this.log.info({ transport: this.transport, server: this.config.server }, 'connected');
		try {
			const res = await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('agent:hello', this.info);
			if (!res.ok) {
				this.log.error({ error: res.error, details: res.details }, 'server rejected hello');
				return;
			}
			if (this.bootId !== null && res.data.bootId !== this.bootId) {
				const again = this.outbox.redeliverRecent(Date.now());
				this.log.info({ samples: again }, 'server restarted; sending recent samples again');
			}
			this.bootId = res.data.bootId;
			this.state = 'ready';
			this.log.info({ buffered: this.outbox.size, dropped: this.outbox.dropped }, 'hello accepted; streaming');
			this.replay();
		} catch (err) {
			this.log.warn({ err: (err as Error).message }, 'hello not acknowledged; reconnecting');
			this.socket.disconnect().connect();
		}
	}

	private onConnectError(err: Error & { data?: { code?: string; details?: string } }): void {
		if (this.state === 'closed') return;
		if (this.socket.active) {
			// Say why on the first failure and then at doubling intervals, not every retry.
			const failures = ++this.unreachable;
			if ((failures & (failures - 1)) === 0) {
				void diagnoseReachability(this.config.server, this.tls).then((cause) =>
					this.log.warn({ err: err.message, cause, failures }, 'cannot reach server; retrying')
				);
			}
			return;
		}
		// Refused by the server (bad token, protocol): Socket.IO stops here; we keep trying
		// slowly, since the fix usually happens on the server side.
		const delay = Math.min(REFUSED_RETRY_MAX_MS, REFUSED_RETRY_MIN_MS * 2 ** this.refusedRetries++);
		const jittered = Math.round(delay * (0.75 + Math.random() * 0.5));
		this.log.error({ reason: err.message, details: err.data?.details, retryInMs: jittered }, 'server refused the connection');
		this.refusedTimer = setTimeout(() => this.socket.connect(), jittered);
	}

	/** Sends one batch and settles it in the outbox; true if the server took it. */
	private async sendBatch(batch: Sample[], timeoutMs = ACK_TIMEOUT_MS): Promise<boolean> {
		this.outbox.send(batch);
		try {
			const res = await this.socket
				.timeout(Math.max(1, timeoutMs))
				.emitWithAck('agent:samples', { samples: batch, dropped: this.outbox.dropped });
			if (res.ok) {
				this.outbox.acknowledge(seqsOf(batch), Date.now());
				return true;
			}
			if (res.error === 'hello_required') {
				this.outbox.unsent(seqsOf(batch));
				this.state = 'connecting';
				void this.onConnect();
				return false;
			}
			// The server will never accept this batch: keeping it would block everything after it.
			this.log.error({ error: res.error, details: res.details, samples: batch.length }, 'server rejected a batch; dropping it');
			this.outbox.acknowledge(seqsOf(batch), Date.now());
			return true;
		} catch (err) {
			this.outbox.unsent(seqsOf(batch));
			this.log.warn({ err: (err as Error).message, buffered: this.outbox.size }, 'batch not acknowledged; will resend');
			return false;
		}
	}

	/** The replay lane: the backlog, oldest first, one batch in flight, at most `replayRate` samples/s. */
	private replay(): void {
		if (this.replaying) return;
		this.replaying = true;
		void (async () => {
			try {
				while (this.state === 'ready') {
					const batch = this.outbox.backlog(MAX_BATCH);
					if (batch.length === 0) break;
					const started = Date.now();
					if (!(await this.sendBatch(batch))) break;
					const minMs = (batch.length * 1000) / this.config.replayRate;
					const wait = minMs - (Date.now() - started);
					if (wait > 0) await new Promise((r) => setTimeout(r, wait));
				}
			} finally {
				this.replaying = false;
			}
		})();
	}
}
