import type { Namespace, Socket } from 'socket.io';
import {
	AGENT_INBOUND_EVENTS,
	AgentAuthSchema,
	fail,
	HostInfoSchema,
	ok,
	SampleBatchSchema,
	SUPPORTED_PROTOCOL_VERSIONS,
	type AgentToServerEvents,
	type ErrorCode,
	type HelloAccepted,
	type SamplesAccepted,
	type ServerToAgentEvents
} from '../../protocol/index.js';
import { tokensMatch } from '../agent-token.js';
import type { LiveHub } from '../live/hub.js';
import type { Logger } from '../logger.js';
import type { ServerStats } from '../stats.js';
import { DeferredAcks } from './deferred-acks.js';
import { ackOf, allowOnly, describeZodError, refusal, validate } from './guard.js';

export interface AgentSocketData {
	hostId: string;
	helloDone: boolean;
}

export type AgentNamespace = Namespace<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, AgentSocketData>;
type AgentSocket = Socket<AgentToServerEvents, ServerToAgentEvents, Record<string, never>, AgentSocketData>;

export interface AgentNamespaceDeps {
	token: string;
	/** This server run's id, returned in every hello ack. */
	bootId: string;
	hub: LiveHub;
	stats: ServerStats;
	log: Logger;
}

/**
 * Agents: token auth at the handshake, then `agent:hello` once and `agent:samples` batches.
 * Returns the function that stops its timer (deferred acks).
 */
export function registerAgentNamespace(nsp: AgentNamespace, deps: AgentNamespaceDeps): () => void {
	const log = deps.log.child({ ns: 'agent' });
	const deferred = new DeferredAcks();
	const agentEvents = new Set<string>(AGENT_INBOUND_EVENTS);
	const ackTimer = setInterval(() => deferred.flush(Date.now()), 1_000);
	ackTimer.unref();

	nsp.use((socket, next) => {
		const remote = socket.handshake.address;
		const auth = AgentAuthSchema.safeParse(socket.handshake.auth);
		let error: ReturnType<typeof refusal> | null = null;
		if (!auth.success) error = refusal('invalid_handshake', describeZodError(auth.error));
		else if (!tokensMatch(deps.token, auth.data.token)) error = refusal('unauthorized', 'the agent token is wrong');
		else if (!SUPPORTED_PROTOCOL_VERSIONS.includes(auth.data.protocol))
			error = refusal(
				'unsupported_protocol',
				`protocol ${auth.data.protocol} is not supported; this server speaks ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')}`
			);
		if (error) {
			deps.stats.refuse(error.data.code);
			log.warn({ remote, reason: error.data.code, details: error.data.details }, 'agent connection refused');
			return next(error);
		}
		socket.data.hostId = auth.data!.hostId;
		socket.data.helloDone = false;
		next();
	});

	nsp.on('connection', (socket: AgentSocket) => {
		const { hostId } = socket.data;
		// Plain fields, not a child logger: a logger per connection costs memory at 10,000 agents.
		const at = { hostId, socket: socket.id };
		const reject = (code: ErrorCode, event: string, details?: string) => {
			deps.stats.reject(code);
			log.warn({ ...at, event, code, details }, 'agent message rejected');
		};

		const replaced = deps.hub.agentConnected(hostId, socket.id);
		if (replaced) {
			log.warn({ ...at, replaced }, 'a second agent connected with this host id; closing the older connection');
			nsp.sockets.get(replaced)?.disconnect(true);
		}
		log.info({ ...at, transport: socket.conn.transport.name, remote: socket.handshake.address }, 'agent connected');

		allowOnly(socket, agentEvents, (event, code) => reject(code, event));

		socket.on('agent:hello', (payload: unknown, ackArg?: unknown) => {
			const ack = ackOf<HelloAccepted>(ackArg);
			const info = validate(HostInfoSchema, payload);
			if (!info.ok) {
				reject('invalid_payload', 'agent:hello', info.details);
				return ack(fail('invalid_payload', info.details));
			}
			if (info.data.hostId !== hostId) {
				const details = `hello is for "${info.data.hostId}" but this connection authenticated as "${hostId}"`;
				reject('host_mismatch', 'agent:hello', details);
				return ack(fail('host_mismatch', details));
			}
			deps.hub.hello(hostId, info.data);
			socket.data.helloDone = true;
			ack(ok({ serverTime: Date.now(), bootId: deps.bootId }));
		});

		socket.on('agent:samples', (payload: unknown, ackArg?: unknown) => {
			const deferAck = typeof ackArg !== 'function';
			const ack = ackOf<SamplesAccepted>(ackArg);
			if (!socket.data.helloDone) {
				reject('hello_required', 'agent:samples');
				return ack(fail('hello_required', 'send agent:hello first'));
			}
			const batch = validate(SampleBatchSchema, payload);
			if (!batch.ok) {
				reject('invalid_payload', 'agent:samples', batch.details);
				return ack(fail('invalid_payload', batch.details));
			}
			const samples = batch.data.samples;
			const foreign = samples.find((s) => s.host !== hostId);
			if (foreign) {
				const details = `sample for "${foreign.host}" on a connection authenticated as "${hostId}"`;
				reject('host_mismatch', 'agent:samples', details);
				return ack(fail('host_mismatch', details));
			}
			const result = deps.hub.ingest(hostId, samples, batch.data.dropped);
			let lastSeq = -1;
			for (const s of samples) lastSeq = Math.max(lastSeq, s.seq);
			if (deferAck) deferred.add(socket, samples.map((s) => s.seq), Date.now());
			else ack(ok({ ...result, lastSeq }));
			deps.hub.publish(hostId, samples);
		});

		socket.on('error', (err) => log.warn({ ...at, err: err.message }, 'agent socket error'));
		socket.on('disconnect', (reason) => {
			deferred.forget(socket.id);
			deps.hub.agentDisconnected(hostId, socket.id);
			log.info({ ...at, reason }, 'agent disconnected');
		});
	});

	return () => {
		clearInterval(ackTimer);
		// Shutting down: tell agents what was stored, so they need not send it again.
		deferred.flush(Date.now(), true);
	};
}
