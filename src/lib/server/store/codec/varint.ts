/**
 * Growable byte buffer with unsigned LEB128 varints and zigzag signed varints that stay exact
 * up to 2^53 (plain arithmetic, not 32-bit bitwise operators, so byte counters fit).
 */
export class ByteWriter {
	private buf: Uint8Array;
	private pos = 0;

	constructor(initial = 1024) {
		this.buf = new Uint8Array(initial);
	}

	get length(): number {
		return this.pos;
	}

	byte(b: number): void {
		if (this.pos === this.buf.length) this.grow();
		this.buf[this.pos++] = b;
	}

	/** Unsigned varint of a non-negative safe integer. */
	uvarint(v: number): void {
		if (this.pos + 8 > this.buf.length) this.grow();
		const buf = this.buf;
		let pos = this.pos;
		// 32-bit operators while they are exact; plain arithmetic above (byte counters).
		while (v >= 0x80000000) {
			buf[pos++] = (v % 0x80) | 0x80;
			v = Math.floor(v / 0x80);
		}
		while (v >= 0x80) {
			buf[pos++] = (v & 0x7f) | 0x80;
			v >>>= 7;
		}
		buf[pos++] = v;
		this.pos = pos;
	}

	/** Signed varint (zigzag: 0, -1, 1, -2 … → 0, 1, 2, 3 …). */
	svarint(v: number): void {
		this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
	}

	bytes(data: Uint8Array): void {
		while (this.pos + data.length > this.buf.length) this.grow();
		this.buf.set(data, this.pos);
		this.pos += data.length;
	}

	finish(): Uint8Array {
		return this.buf.subarray(0, this.pos);
	}

	private grow(): void {
		const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + 16));
		next.set(this.buf);
		this.buf = next;
	}
}

export class ByteReader {
	private pos = 0;

	constructor(private readonly buf: Uint8Array) {}

	get done(): boolean {
		return this.pos >= this.buf.length;
	}

	byte(): number {
		if (this.pos >= this.buf.length) throw new RangeError('chunk truncated');
		return this.buf[this.pos++];
	}

	uvarint(): number {
		let result = 0;
		let scale = 1;
		for (let i = 0; i < 8; i++) {
			const b = this.byte();
			result += (b & 0x7f) * scale;
			if (b < 0x80) return result;
			scale *= 0x80;
		}
		throw new RangeError('varint too long');
	}

	svarint(): number {
		const z = this.uvarint();
		return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
	}

	bytes(n: number): Uint8Array {
		if (this.pos + n > this.buf.length) throw new RangeError('chunk truncated');
		const out = this.buf.subarray(this.pos, this.pos + n);
		this.pos += n;
		return out;
	}
}
