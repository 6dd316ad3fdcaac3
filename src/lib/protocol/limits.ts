/** Bounds every peer must respect; the schemas enforce them and docs/protocol.md lists them. */
export const LIMITS = {
	hostIdLength: 64,
	labelCount: 32,
	labelKeyLength: 32,
	labelValueLength: 128,
	textLength: 256,
	cores: 1024,
	filesystems: 64,
	interfaces: 64,
	topProcesses: 10,
	/** Samples per `agent:samples` batch; keeps a batch far below the transport's message cap. */
	batchSamples: 600,
	/** CPU values in an overview card's sparkline. */
	sparklinePoints: 60,
	/** `agent:acked` goes out when this much time has passed since the oldest unacknowledged seq… */
	deferredAckMs: 5_000,
	/** …or when this many seqs wait, whichever comes first. */
	deferredAckSeqs: 100,
	/** Transport cap per message (Socket.IO maxHttpBufferSize); larger messages close the connection. */
	messageBytes: 1_000_000
} as const;
