// A light Socket.IO client: engine.io v4 / socket.io v5 spoken directly over one WebSocket
// (the `ws` package), one namespace per connection, like our agents and dashboards.
// socket.io-client costs several times more CPU and memory per connection, which would make
// the generator, not the server, the thing we measure when simulating thousands of peers.
//
// Wire format (text frames only; we never send or expect binary attachments):
//   engine.io:  0{open json}  2 ping (server→client, answer 3)  1 close  4<socket.io packet>
//   socket.io:  0/nsp,{auth}  connect      → 0/nsp,{"sid":..}   or 4/nsp,{message,data} refusal
//               2/nsp,<id>["event",payload] event (id only when an ack is wanted)
//               3/nsp,<id>[response]       ack
//               1/nsp,                      namespace disconnect
import WebSocket from 'ws';

/** Name of the client implementation, printed in the report. */
export const CLIENT_NAME = 'bench light client (ws, engine.io v4 / socket.io v5 text frames)';

/**
 * One Socket.IO connection to one namespace.
 * `onEvent(name, payloadText)` gets the raw JSON text of `[name, payload]`'s payload part
 * unparsed when `rawEvents` is true (so a hot receiver can decide what to parse), otherwise
 * the parsed payload.
 */
export class WireClient {
	/**
	 * @param {{ url: string, nsp: string, auth?: object, onEvent?: (name: string, data: any, now: number) => void,
	 *           onClose?: (reason: string) => void, rawEvents?: boolean }} opts
	 */
	constructor(opts) {
		this.url = opts.url.replace(/^http/, 'ws') + '/socket.io/?EIO=4&transport=websocket';
		this.nsp = opts.nsp;
		this.auth = opts.auth;
		this.onEvent = opts.onEvent ?? (() => {});
		this.onClose = opts.onClose ?? (() => {});
		this.rawEvents = opts.rawEvents ?? false;
		/** Prefixes precomputed once: every frame of this namespace starts with them. */
		this.eventPrefix = `42${this.nsp},`;
		this.ackPrefix = `43${this.nsp},`;
		this.nextAckId = 0;
		/** ackId → callback; bounded by the caller's in-flight limit. */
		this.pending = new Map();
		this.connected = false;
		this.closedByUs = false;
		this.ws = null;
	}

	/** Opens the WebSocket and joins the namespace; rejects on refusal, error or timeout. */
	connect(timeoutMs = 10_000) {
		return new Promise((resolve, reject) => {
			let settled = false;
			const settle = (err, value) => {
				if (settled) return;
				settled = true;
				clearTimeout(timer);
				if (err) {
					this.closedByUs = true;
					this.ws?.terminate();
					reject(err);
				} else resolve(value);
			};
			const timer = setTimeout(() => settle(new Error(`connect ${this.nsp}: timeout after ${timeoutMs} ms`)), timeoutMs);
			// perMessageDeflate off: the server has it off too, and offering it costs a negotiation.
			const ws = new WebSocket(this.url, { perMessageDeflate: false });
			this.ws = ws;
			ws.on('message', (data, isBinary) => {
				if (isBinary) return; // never used by this protocol
				const text = data.toString();
				if (!this.connected) {
					const outcome = this.handshakeFrame(text);
					if (outcome === true) settle(null, this);
					else if (outcome instanceof Error) settle(outcome);
					return;
				}
				this.frame(text);
			});
			ws.on('error', (err) => settle(new Error(`connect ${this.nsp}: ${err.message}`)));
			ws.on('close', (code) => {
				const wasConnected = this.connected;
				this.connected = false;
				settle(new Error(`connect ${this.nsp}: closed (${code}) before the namespace accepted`));
				if (wasConnected) this.onClose(this.closedByUs ? 'client' : `server closed (${code})`);
				// An ack that will never come: answer it so callers can count it instead of hanging.
				for (const cb of this.pending.values()) cb({ ok: false, error: 'disconnected' });
				this.pending.clear();
			});
		});
	}

	/** Handles frames before the namespace is joined: true when joined, an Error when refused. */
	handshakeFrame(text) {
		const type = text.charCodeAt(0);
		if (type === 48 /* 0: engine open */) {
			this.ws.send(this.auth ? `40${this.nsp},${JSON.stringify(this.auth)}` : `40${this.nsp},`);
			return false;
		}
		if (type === 50 /* 2: ping */) {
			this.ws.send('3');
			return false;
		}
		if (text.startsWith(`40${this.nsp},`)) {
			this.connected = true;
			return true;
		}
		if (text.startsWith(`44${this.nsp},`)) {
			const body = JSON.parse(text.slice(3 + this.nsp.length));
			return Object.assign(new Error(`refused: ${body.message}`), { data: body.data });
		}
		return false;
	}

	/** Handles one engine.io frame once connected. */
	frame(text) {
		const type = text.charCodeAt(0);
		if (type === 50 /* 2: ping */) {
			this.ws.send('3');
			return;
		}
		if (text.startsWith(this.eventPrefix)) {
			// 42/nsp,["name",payload] — server events carry no ack id in our protocol.
			const body = text.slice(this.eventPrefix.length);
			const now = performance.now();
			if (this.rawEvents) {
				const q = body.indexOf('"', 2);
				this.onEvent(body.slice(2, q), body.slice(q + 2, body.length - 1), now);
			} else {
				const [name, payload] = JSON.parse(body);
				this.onEvent(name, payload, now);
			}
			return;
		}
		if (text.startsWith(this.ackPrefix)) {
			const rest = text.slice(this.ackPrefix.length);
			const bracket = rest.indexOf('[');
			const id = Number(rest.slice(0, bracket));
			const cb = this.pending.get(id);
			if (!cb) return;
			this.pending.delete(id);
			cb(JSON.parse(rest.slice(bracket))[0]);
			return;
		}
		if (type === 52 /* 4 */ && text.startsWith(`41${this.nsp},`)) {
			this.closedByUs = false;
			this.ws.close();
		}
		// 1 (engine close), 6 (noop) and anything else: nothing to do.
	}

	/**
	 * Emits `name` with a payload already serialised to JSON (the hot path: the generator
	 * builds frames by concatenation). `ack(response)` is called once, with
	 * `{ ok: false, error: 'disconnected' }` if the connection drops first.
	 */
	emitRaw(name, payloadJson, ack) {
		if (!this.connected) {
			ack?.({ ok: false, error: 'disconnected' });
			return;
		}
		if (ack) {
			const id = this.nextAckId++;
			this.pending.set(id, ack);
			this.ws.send(`${this.eventPrefix}${id}["${name}",${payloadJson}]`);
		} else {
			this.ws.send(`${this.eventPrefix}["${name}",${payloadJson}]`);
		}
	}

	emit(name, payload, ack) {
		this.emitRaw(name, JSON.stringify(payload), ack);
	}

	/** Emits and waits for the ack, bounded in time. */
	request(name, payload, timeoutMs = 10_000) {
		return new Promise((resolve) => {
			const timer = setTimeout(() => resolve({ ok: false, error: 'timeout' }), timeoutMs);
			this.emit(name, payload, (res) => {
				clearTimeout(timer);
				resolve(res);
			});
		});
	}

	/** Bytes queued in the socket but not yet written: the generator's own backpressure. */
	get buffered() {
		return this.ws?.bufferedAmount ?? 0;
	}

	close() {
		this.closedByUs = true;
		if (this.ws && this.ws.readyState === WebSocket.OPEN) {
			this.ws.send(`41${this.nsp},`);
			this.ws.close();
		} else this.ws?.terminate();
	}
}
