import { appendFileSync, closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SampleSchema, type Sample } from '../src/lib/protocol/index.js';
import type { OutboxJournal } from './outbox.js';

const FILE = 'spool.log';
/** Rewrite the log when it holds this many more removal lines than samples worth keeping. */
const COMPACT_AFTER_REMOVALS = 600;

export interface SpoolContents {
	samples: Sample[];
	/** The sequence number to continue from: above every seq the agent ever issued. */
	nextSeq: number;
	/** Lines that could not be read (a torn last line after a crash, say). */
	skipped: number;
}

/**
 * The outbox on disk: an append-only log in the agent's state directory. Each line is
 * `N <nextSeq>` (a header written on compaction), `S <sample json>` (added) or
 * `R <seq,seq,...>` (acknowledged or dropped). Appends go to the kernel at once, so a crash
 * or kill of the agent loses nothing; the log is rewritten with only what is still pending
 * once enough removals pile up. Also keeps sequence numbers growing across restarts.
 */
export class Spool implements OutboxJournal {
	private readonly file: string;
	private removals = 0;
	/** Set by the owner: returns what is pending and the next seq, for compaction. */
	pendingForCompaction: (() => { samples: Sample[]; nextSeq: number }) | null = null;

	constructor(dir: string) {
		mkdirSync(dir, { recursive: true });
		this.file = join(dir, FILE);
	}

	/** Reads what a previous run left; an absent file is an empty spool. */
	load(): SpoolContents {
		if (!existsSync(this.file)) return { samples: [], nextSeq: 0, skipped: 0 };
		const pending = new Map<number, Sample>();
		let nextSeq = 0;
		let skipped = 0;
		for (const line of readFileSync(this.file, 'utf8').split('\n')) {
			if (line === '') continue;
			const kind = line[0];
			const body = line.slice(2);
			try {
				if (kind === 'N') nextSeq = Math.max(nextSeq, Number.parseInt(body, 10) || 0);
				else if (kind === 'S') {
					const sample = SampleSchema.parse(JSON.parse(body));
					pending.set(sample.seq, sample);
					nextSeq = Math.max(nextSeq, sample.seq + 1);
				} else if (kind === 'R') for (const seq of body.split(',')) pending.delete(Number(seq));
				else skipped++;
			} catch {
				skipped++;
			}
		}
		return { samples: [...pending.values()].sort((a, b) => a.seq - b.seq), nextSeq, skipped };
	}

	added(sample: Sample): void {
		appendFileSync(this.file, `S ${JSON.stringify(sample)}\n`);
	}

	removed(seqs: readonly number[]): void {
		appendFileSync(this.file, `R ${seqs.join(',')}\n`);
		this.removals += seqs.length;
		if (this.removals >= COMPACT_AFTER_REMOVALS && this.pendingForCompaction) this.compact(this.pendingForCompaction());
	}

	/** Rewrites the log with only `samples` (atomically: a crash leaves the old or the new file). */
	compact({ samples, nextSeq }: { samples: readonly Sample[]; nextSeq: number }): void {
		const tmp = `${this.file}.tmp`;
		const fd = openSync(tmp, 'w');
		try {
			writeSync(fd, `N ${nextSeq}\n`);
			for (const s of samples) writeSync(fd, `S ${JSON.stringify(s)}\n`);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(tmp, this.file);
		this.removals = 0;
	}
}
