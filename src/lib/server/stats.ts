/** The server's own counters, exposed to logs, tests and (later) /metrics. */
export class ServerStats {
	samplesAccepted = 0;
	samplesDuplicate = 0;
	/** Agent messages refused, by error code. */
	readonly rejected = new Map<string, number>();
	/** Connections refused at the handshake, by reason. */
	readonly refused = new Map<string, number>();

	reject(code: string): void {
		this.rejected.set(code, (this.rejected.get(code) ?? 0) + 1);
	}

	refuse(reason: string): void {
		this.refused.set(reason, (this.refused.get(reason) ?? 0) + 1);
	}

	get rejectedTotal(): number {
		let n = 0;
		for (const v of this.rejected.values()) n += v;
		return n;
	}
}
