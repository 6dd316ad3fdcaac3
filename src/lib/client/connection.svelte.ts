import { createContext } from 'svelte';
import { io, type Socket } from 'socket.io-client';
import { keepUpgrading } from '$lib/transport/keep-upgrading';
import { NAMESPACES, type DashboardToServerEvents, type ServerToDashboardEvents } from '$lib/protocol/events';

/** The dashboard's socket, typed with the protocol's event maps (reversed for the client). */
export type DashboardSocket = Socket<ServerToDashboardEvents, DashboardToServerEvents>;

/** What the connection indicator shows. */
export type ConnectionState = 'connecting' | 'websocket' | 'polling' | 'reconnecting' | 'offline';

/** Consecutive failed attempts after which the server counts as unreachable ("Offline"). */
const UNREACHABLE_AFTER = 3;

type Phase = 'connecting' | 'connected' | 'reconnecting';

/**
 * The tab's one Socket.IO connection to the dashboard namespace and its state. Reconnection
 * with backoff is socket.io-client's own; this adds the state the header shows and tells
 * subscribers when to (re)subscribe.
 */
export class Connection {
	/** The socket; emit only while connected (socket.io-client would otherwise buffer and replay). */
	readonly socket: DashboardSocket;

	#phase = $state<Phase>('connecting');
	#transport = $state<'websocket' | 'polling'>('websocket');
	#failures = $state(0);
	#browserOnline = $state(navigator.onLine);
	#listeners = new Set<() => void>();
	#cleanup: (() => void)[] = [];

	constructor() {
		this.socket = io(NAMESPACES.dashboard, { transports: ['websocket', 'polling'], tryAllTransports: true });
		keepUpgrading(this.socket);
		const socket = this.socket;
		const manager = socket.io;

		const onConnect = () => {
			this.#phase = 'connected';
			this.#failures = 0;
			this.#readTransport();
			for (const listener of this.#listeners) listener();
		};
		const onDisconnect = (reason: Socket.DisconnectReason) => {
			this.#phase = 'reconnecting';
			// The client only retries by itself after a transport loss; a server-side kick
			// (e.g. a restart closing sockets) would otherwise leave the tab dead.
			if (reason === 'io server disconnect') socket.connect();
		};
		const onConnectError = () => {
			this.#failures++;
		};
		// The engine is replaced on every reconnection: listen to each new one for upgrades.
		const onOpen = () => {
			manager.engine.on('upgrade', () => this.#readTransport());
		};
		const onOnline = () => {
			this.#browserOnline = true;
			if (!socket.connected) socket.connect();
		};
		const onOffline = () => {
			this.#browserOnline = false;
		};

		socket.on('connect', onConnect);
		socket.on('disconnect', onDisconnect);
		socket.on('connect_error', onConnectError);
		manager.on('open', onOpen);
		window.addEventListener('online', onOnline);
		window.addEventListener('offline', onOffline);
		this.#cleanup.push(
			() => socket.off('connect', onConnect),
			() => socket.off('disconnect', onDisconnect),
			() => socket.off('connect_error', onConnectError),
			() => manager.off('open', onOpen),
			() => window.removeEventListener('online', onOnline),
			() => window.removeEventListener('offline', onOffline)
		);
	}

	/** What the connection indicator shows right now. */
	get state(): ConnectionState {
		if (!this.#browserOnline) return 'offline';
		if (this.#phase === 'connected') return this.#transport;
		if (this.#failures >= UNREACHABLE_AFTER) return 'offline';
		return this.#phase;
	}

	get connected(): boolean {
		return this.#phase === 'connected';
	}

	/**
	 * Calls `listener` now if connected, then on every reconnection: the server forgets a
	 * socket's subscriptions when it goes, so this is where they are made and renewed.
	 * Returns the function that stops it.
	 */
	onConnect(listener: () => void): () => void {
		this.#listeners.add(listener);
		if (this.socket.connected) listener();
		return () => this.#listeners.delete(listener);
	}

	/** Closes the socket and stops every listener; the object is unusable afterwards. */
	close(): void {
		for (const stop of this.#cleanup.splice(0)) stop();
		this.#listeners.clear();
		this.socket.disconnect();
	}

	#readTransport(): void {
		const name = this.socket.io.engine?.transport?.name;
		this.#transport = name === 'polling' ? 'polling' : 'websocket';
	}
}

const [getConnection, setConnection] = createContext<Connection>();

/** The layout's connection; call during component initialisation. */
export const useConnection = getConnection;
/** Makes `connection` available to the layout's descendants. */
export const provideConnection = setConnection;
