import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import { Server } from 'socket.io';
import { LIMITS, NAMESPACES } from '../protocol/index.js';
import { resolveAgentToken } from './agent-token.js';
import type { ServerConfig } from './config.js';
import { HostRegistry } from './hosts/registry.js';
import { LiveHub } from './live/hub.js';
import type { Logger } from './logger.js';
import { registerAgentNamespace, type AgentNamespace } from './socket/agent-namespace.js';
import { registerDashboardNamespace, type DashboardNamespace } from './socket/dashboard-namespace.js';
import { refusal } from './socket/guard.js';
import { SocketBroadcaster } from './socket/socket-broadcaster.js';
import { getRuntime, setRuntime } from './runtime-handle.js';
import { ServerStats } from './stats.js';
import { createMetricsRegistry } from './metrics.js';
import type { Registry } from 'prom-client';
import { MemoryStore } from './store/memory-store.js';
import { openDatabase } from './store/sqlite/database.js';
import { AlertRepository } from './alerts/repository.js';
import { AlertService } from './alerts/service.js';
import { SqliteStore } from './store/sqlite-store.js';
import type { SampleStore } from './store/types.js';

/** Everything one running server holds; the only place its parts are wired together. */
export interface PulseRuntime {
	config: ServerConfig;
	log: Logger;
	io: Server;
	hub: LiveHub;
	registry: HostRegistry;
	store: SampleStore;
	stats: ServerStats;
	alerts: AlertService;
	/** Prometheus registry behind GET /metrics. */
	metrics: Registry;
	startedAt: number;
	/** Idempotent: stops the ticker, disconnects every socket, flushes and closes the store. */
	close(): Promise<void>;
}

/**
 * Builds the server's parts and attaches Socket.IO to `httpServer`. The dev plugin, the
 * production entry and the tests all start Pulse through this one function.
 */
export function startPulse(httpServer: HttpServer | HttpsServer, config: ServerConfig, log: Logger): PulseRuntime {
	const token = resolveAgentToken(config.agentToken, config.dataDir);
	log.info({ source: token.source }, 'agent token loaded');

	// The store first: a database that cannot be opened stops the start before anything listens.
	const store: SampleStore =
		config.store === 'sqlite'
			? new SqliteStore({
					dataDir: config.dataDir,
					windowMs: config.historyWindowMs,
					flushIntervalMs: config.flushIntervalMs,
					retention: config.retention,
					log: log.child({ module: 'store' })
				})
			: new MemoryStore(config.historyWindowMs);

	const io = new Server(httpServer, {
		pingInterval: config.pingIntervalMs,
		pingTimeout: config.pingTimeoutMs,
		maxHttpBufferSize: LIMITS.messageBytes,
		// 1 Hz frames are small: compression would cost CPU per message for little gain.
		perMessageDeflate: false,
		httpCompression: false,
		serveClient: false,
		transports: ['polling', 'websocket']
	});
	// Nothing lives on the main namespace: say where to go instead of accepting silently.
	io.use((_socket, next) =>
		next(refusal('invalid_handshake', `connect to ${NAMESPACES.agent} or ${NAMESPACES.dashboard}`))
	);

	const stats = new ServerStats();
	const registry = new HostRegistry(config.staleAfterMs);
	for (const host of store.knownHosts()) registry.restore(host, Date.now());
	const dashboards: DashboardNamespace = io.of(NAMESPACES.dashboard);
	const broadcaster = new SocketBroadcaster(dashboards);
	// Alerts keep their rules, states and outbox in the same database file (in memory with PULSE_STORE=memory).
	const alertsDb = openDatabase(config.store === 'sqlite' ? config.dataDir : null);
	const alerts = new AlertService({
		repo: new AlertRepository(alertsDb),
		registry,
		publish: (active) => broadcaster.alerts(active),
		log: log.child({ module: 'alerts' }),
		publicUrl: config.publicUrl ?? `${config.tls ? 'https' : 'http'}://localhost:${config.port}`,
		userAgent: 'Pulse-Webhook/1',
		webhook: config.webhook,
		historyMs: config.alertHistoryMs
	});
	const hub = new LiveHub({
		registry,
		store,
		stats,
		broadcaster,
		now: Date.now,
		windowMs: config.historyWindowMs,
		onSampled: (hostId) => alerts.onSample(hostId)
	});

	const stopAgents = registerAgentNamespace(io.of(NAMESPACES.agent) as AgentNamespace, { token: token.token, bootId: randomUUID(), hub, stats, log });
	registerDashboardNamespace(dashboards, { hub, alerts, stats, log });
	alerts.start();

	const ticker = setInterval(() => hub.tick(), config.overviewIntervalMs);
	ticker.unref();

	let closing: Promise<void> | null = null;
	const runtime: PulseRuntime = {
		config,
		log,
		io,
		hub,
		registry,
		store,
		stats,
		alerts,
		metrics: createMetricsRegistry(() => runtime),
		startedAt: Date.now(),
		close() {
			closing ??= (async () => {
				clearInterval(ticker);
				stopAgents();
				await new Promise<void>((resolve) => io.close(() => resolve()));
				await alerts.stop();
				alertsDb.close();
				await store.close();
				if (getRuntime() === runtime) setRuntime(undefined);
			})();
			return closing;
		}
	};
	setRuntime(runtime);
	return runtime;
}
