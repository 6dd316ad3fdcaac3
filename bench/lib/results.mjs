// Where results go: bench/results/latest.json (everything from the last saved run) and one
// line per run appended to bench/results/history.jsonl (the rows, compact), both with the
// commit, a dirty flag and the machine, so figures can be compared across commits.
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './servers.mjs';

const DIR = join(ROOT, 'bench/results');

/** Read-only git queries (`--no-optional-locks`: not even the index is refreshed). */
function git(args) {
	try {
		return execFileSync('git', ['--no-optional-locks', ...args], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
	} catch {
		return null;
	}
}

/** The commit measured and whether the working tree differs from it. */
export function gitInfo() {
	const commit = git(['rev-parse', '--short', 'HEAD']);
	// Untracked files count (they are in the build); the results directory itself does not.
	const status = git(['status', '--porcelain', '--', '.', ':(exclude)bench/results']);
	return { commit, dirty: status === null ? null : status.length > 0 };
}

/** Writes latest.json and appends to history.jsonl; returns the paths written. */
export function saveResults(record) {
	mkdirSync(DIR, { recursive: true });
	const latest = join(DIR, 'latest.json');
	const history = join(DIR, 'history.jsonl');
	writeFileSync(latest, JSON.stringify(record, null, 2) + '\n');
	const compact = {
		date: record.date,
		commit: record.commit,
		dirty: record.dirty,
		machine: record.machine,
		options: record.options,
		durationS: record.durationS,
		backgroundCpuPercent: record.backgroundCpuPercent,
		rows: record.rows.map((r) => ({
			id: r.id,
			product: r.product,
			relay: r.relay,
			ratio: r.ratio,
			verdict: r.verdict,
			...(r.bound?.product || r.bound?.relay ? { generatorBound: r.bound } : {})
		}))
	};
	appendFileSync(history, JSON.stringify(compact) + '\n');
	return { latest, history };
}
