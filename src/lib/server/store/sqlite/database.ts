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
	`,
	`
	-- Alerts: rules and destinations as validated JSON specs, the state of every pending or
	-- firing (rule, host), the history of state changes, and the webhook outbox.
	CREATE TABLE alert_rules (id TEXT PRIMARY KEY, spec TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
	CREATE TABLE alert_destinations (id TEXT PRIMARY KEY, spec TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
	CREATE TABLE alert_states (
		rule_id TEXT NOT NULL,
		host_id TEXT NOT NULL,
		state TEXT NOT NULL,
		since INTEGER NOT NULL,
		fired_at INTEGER,
		value REAL,
		last_notified_at INTEGER,
		PRIMARY KEY (rule_id, host_id)
	);
	CREATE TABLE alert_events (id TEXT PRIMARY KEY, host_id TEXT NOT NULL, at INTEGER NOT NULL, body TEXT NOT NULL);
	CREATE INDEX alert_events_by_host ON alert_events (host_id, at);
	CREATE INDEX alert_events_by_time ON alert_events (at);
	CREATE TABLE webhook_outbox (
		id TEXT PRIMARY KEY,
		key TEXT NOT NULL UNIQUE,
		destination_id TEXT NOT NULL,
		destination_name TEXT NOT NULL,
		event_id TEXT,
		kind TEXT NOT NULL,
		summary TEXT NOT NULL,
		body TEXT NOT NULL,
		status TEXT NOT NULL,
		attempts INTEGER NOT NULL DEFAULT 0,
		last_status INTEGER,
		last_error TEXT,
		created_at INTEGER NOT NULL,
		next_attempt_at INTEGER,
		delivered_at INTEGER
	);
	CREATE INDEX webhook_outbox_due ON webhook_outbox (status, next_attempt_at);
	CREATE INDEX webhook_outbox_by_time ON webhook_outbox (created_at);
	`
];

/**
 * Opens (creating if needed) the database in `dir`, checks it and brings its schema up to
 * date. Never resets anything: a file that is not a Pulse database, is corrupt, or comes from
 * a newer Pulse stops the start with a StoreOpenError.
 */
export function openDatabase(dir: string | null, migrations: readonly string[] = MIGRATIONS): Db {
	// null: an in-memory database (PULSE_STORE=memory keeps nothing across restarts).
	if (dir !== null) mkdirSync(dir, { recursive: true });
	const file = dir === null ? ':memory:' : join(dir, DB_FILE);
	const existed = dir !== null && existsSync(file);
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
