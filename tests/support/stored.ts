import Database from 'better-sqlite3';
import { join } from 'node:path';
import { decodeChunk } from '../../src/lib/server/store/codec/columns.js';
import { SEQ_COLUMN, TIERS } from '../../src/lib/server/store/chunks/layout.js';
import { DB_FILE } from '../../src/lib/server/store/sqlite/database.js';

/** Every raw sample the store holds for a host, as (seq, ts), read straight from the database file. */
export function storedSamples(dataDir: string, hostId: string): { seq: number; ts: number }[] {
	const db = new Database(join(dataDir, DB_FILE), { readonly: true });
	try {
		// Whole chunks and the parts of chunks still open when the server stopped.
		const rows = db
			.prepare(
				`SELECT c.data FROM chunks c JOIN hosts h ON h.id = c.host WHERE h.host_id = @hostId AND c.tier = @tier
				 UNION ALL SELECT p.data FROM chunk_parts p JOIN hosts h ON h.id = p.host WHERE h.host_id = @hostId AND p.tier = @tier`
			)
			.all({ hostId, tier: TIERS.raw.id }) as { data: Buffer }[];
		const out: { seq: number; ts: number }[] = [];
		for (const row of rows) {
			const chunk = decodeChunk(row.data);
			const seqs = chunk.columns.find((c) => c.id === SEQ_COLUMN)?.values ?? [];
			chunk.ts.forEach((ts, i) => out.push({ seq: seqs[i] ?? -1, ts }));
		}
		return out;
	} finally {
		db.close();
	}
}

/** What is wrong with a host's seqs: missing ones in [0, last] and repeated ones. */
export function seqProblems(samples: { seq: number }[]): { missing: number[]; duplicated: number[]; last: number } {
	const seen = new Map<number, number>();
	for (const s of samples) seen.set(s.seq, (seen.get(s.seq) ?? 0) + 1);
	const last = Math.max(-1, ...seen.keys());
	const missing: number[] = [];
	for (let seq = 0; seq <= last; seq++) if (!seen.has(seq)) missing.push(seq);
	const duplicated = [...seen].filter(([, n]) => n > 1).map(([seq]) => seq);
	return { missing, duplicated, last };
}
