/**
 * Pulse agent entry: samples this host every interval and streams the samples to a Pulse
 * server. Built into one self-contained file (build/agent/pulse-agent.mjs).
 */
import { AgentConfigError, loadAgentConfig, USAGE } from './config.js';
import { createCollector } from './collectors/index.js';
import { collectHostInfo } from './collectors/system.js';
import { AgentConnection } from './connection.js';
import { createAgentLogger } from './logger.js';
import { Outbox } from './outbox.js';
import { Sampler } from './sampler.js';
import { Spool } from './spool.js';

declare const __AGENT_VERSION__: string | undefined;
const AGENT_VERSION = typeof __AGENT_VERSION__ === 'string' ? __AGENT_VERSION__ : '0.0.0-dev';
const SHUTDOWN_FLUSH_MS = 3_000;
/** How long acknowledged samples stay resendable to a server that restarted (> its flush interval). */
const REDELIVERY_MS = 30_000;

async function main(): Promise<void> {
	let config;
	try {
		config = loadAgentConfig(process.argv.slice(2), process.env);
	} catch (err) {
		console.error(err instanceof AgentConfigError ? err.message : `${(err as Error).message}\n\n${USAGE}`);
		process.exit(2);
	}
	if (config === 'help') {
		console.log(USAGE);
		return;
	}
	const log = createAgentLogger(config.logLevel);
	const info = await collectHostInfo({ ...config, agentVersion: AGENT_VERSION });
	
	const spool = new Spool(config.stateDir);
	const restored = spool.load();
	const outbox = new Outbox(config.maxBufferedSamples, REDELIVERY_MS, spool);
	outbox.restore(restored.samples);
	if (restored.samples.length > 0 || restored.skipped > 0)
		log.info({ samples: restored.samples.length, skipped: restored.skipped, stateDir: config.stateDir }, 'unsent samples restored from the spool');
	const connection = new AgentConnection(config, info, outbox, log);
	const collector = createCollector((family, err) => log.warn({ family, err: (err as Error).message }, 'collection failed'));
	log.info(
		{ hostId: config.hostId, hostname: info.hostname, server: config.server, intervalMs: config.intervalMs, version: AGENT_VERSION, source: collector.source },
		'starting'
	);
	const sampler = new Sampler({
		hostId: config.hostId,
		intervalMs: config.intervalMs,
		collect: (now) => collector.collect(now),
		onSample: (sample) => {
			outbox.push(sample);
			connection.notify(sample);
		},
		onError: (err) => log.warn({ err: (err as Error).message }, 'sample failed'),
		firstSeq: restored.nextSeq
	});
	spool.pendingForCompaction = () => ({ samples: outbox.snapshot(), nextSeq: sampler.nextSeq });
	spool.compact(spool.pendingForCompaction());

	// The first CPU and rate readings need a previous one: take it now, not in the first sample.
	await collector.collect(Date.now()).catch(() => undefined);
	sampler.start();
	connection.start();

	let stopping = false;
	const stop = async (signal: string) => {
		if (stopping) return;
		stopping = true;
		sampler.stop();
		log.info({ signal, buffered: outbox.size }, 'stopping');
		await connection.close(SHUTDOWN_FLUSH_MS);
		log.info({ unsent: outbox.size, dropped: outbox.dropped, overruns: sampler.overruns }, 'stopped');
		process.exit(0);
	};
	process.on('SIGTERM', () => void stop('SIGTERM'));
	process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
	console.error('pulse-agent failed to start:', err);
	process.exit(1);
});
