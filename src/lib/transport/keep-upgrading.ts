import type { Socket } from 'socket.io-client';

/**
 * WebSocket first, long-polling as the fallback — and back to WebSocket when it works again.
 * With `transports: ['websocket', 'polling']` and `tryAllTransports`, engine.io drops
 * WebSocket from a connection's list once it failed, so a connection that fell back to
 * polling would never try to upgrade. This puts WebSocket back on each new engine's list just
 * before the handshake reply is read, so the engine probes the upgrade as the default
 * polling-first setup does; a proxy that still refuses it costs one failed probe.
 * Relies on engine.io-client 6.6 internals (the pinned version): covered by
 * tests/integration/transport-fallback.test.ts.
 */
export function keepUpgrading(socket: Socket): void {
	const arm = () =>
		// The manager creates the engine synchronously right after 'reconnect_attempt' / connect().
		queueMicrotask(() => {
			const engine = socket.io.engine as unknown as { transports: string[]; once(event: 'handshake', fn: () => void): void } | undefined;
			engine?.once('handshake', () => {
				if (!engine.transports.includes('websocket')) engine.transports.push('websocket');
			});
		});
	socket.io.on('reconnect_attempt', arm);
	if (socket.io.engine) arm(); // autoConnect already opened one
	const connect = socket.connect.bind(socket);
	socket.connect = () => {
		const result = connect();
		arm();
		return result;
	};
}
