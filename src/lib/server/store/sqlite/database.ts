import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Db = Database.Database;

export const DB_FILE = 'pulse.db';

/** A database Pulse cannot use; the message says which file, what is wrong and what to do. */
export class StoreOpenError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'StoreOpenError';
	}
}

/** Schema migrations, in order; index + 1 is the version each one brings the database to. */
export const MIGRATIONS: readonly string[] = [
	`
	CREATE TABLE hosts (
		id INTEGER PRIMARY KEY,
		host_id TEXT NOT NULL UNIQUE,
		info TEXT,
		first_seen INTEGER NOT NULL,
		last_seen INTEGER
	);
	-- One row per host, tier and time span: the span's rows column-wise and compressed.
	-- A rowid table on purpose: WITHOUT ROWID keeps only ~1 KB of a row in its page and spills
	-- the rest of a chunk to an overflow page of its own, tripling the file size.
	CREATE TABLE chunks (
		host INTEGER NOT NULL REFERENCES hosts(id),
		tier INTEGER NOT NULL,
		start INTEGER NOT NULL,
		end INTEGER NOT NULL,
		rows INTEGER NOT NULL,
		data BLOB NOT NULL
	);
	CREATE UNIQUE INDEX chunks_by_span ON chunks (host, tier, start);
	CREATE INDEX chunks_by_end ON chunks (tier, end);
	-- Rows added to a still-open chunk since it was last written whole: each flush appends
	-- only what is new, and closing the chunk folds them into its row in chunks.
	CREATE TABLE chunk_parts (
		host INTEGER NOT NULL REFERENCES hosts(id),
		tier INTEGER NOT NULL,
		start INTEGER NOT NULL,
		data BLOB NOT NULL
	);
	CREATE INDEX chunk_parts_by_span ON chunk_parts (host, tier, start);
	`
];

/**
 * Opens (creating if needed) the database in `dir`, checks it and brings its schema up to
 * date. Never resets anything: a file that is not a Pulse database, is corrupt, or comes from
 * a newer Pulse stops the start with a StoreOpenError.
 */
export function openDatabase(dir: string, migrations: readonly string[] = MIGRATIONS): Db {
	mkdirSync(dir, { recursive: true });
	const file = join(dir, DB_FILE);
	const existed = existsSync(file);
	let db: Db;
	try {
		db = new Database(file);
		db.pragma('journal_mode = WAL');
		db.pragma('synchronous = NORMAL');
		db.pragma('foreign_keys = ON');
		if (!existed) db.pragma('auto_vacuum = INCREMENTAL');
		const check = db.pragma('quick_check', { simple: true });
		if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`);
	} catch (err) {
		throw new StoreOpenError(
			`${file} cannot be used: ${(err as Error).message}. Pulse does not reset it; move it away (or restore a backup) and start again.`
		);
	}
	migrate(db, file, migrations);
	return db;
}

function migrate(db: Db, file: string, migrations: readonly string[]): void {
	db.exec('CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)');
	const row = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
	const version = row ? Number(row.value) : 0;
	if (!Number.isInteger(version) || version < 0) throw new StoreOpenError(`${file}: unreadable schema version ${JSON.stringify(row?.value)}`);
	if (version > migrations.length)
		throw new StoreOpenError(`${file} has schema version ${version}, newer than this Pulse knows (${migrations.length}); upgrade Pulse.`);
	for (let v = version; v < migrations.length; v++) {
		db.transaction(() => {
			db.exec(migrations[v]);
			db.prepare("INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(v + 1));
		})();
	}
}
