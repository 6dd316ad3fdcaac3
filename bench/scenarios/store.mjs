// Store ingest (issue 5): the real SqliteStore fed by N simulated hosts at 1 Hz on a simulated
// clock, in a child process (bench/store/ingest.ts, bundled with esbuild on the fly). Measures
// samples per CPU-second of store work, flush (write) latency and database size per host per
// day, for a realistic model of host metrics and for uniform noise (the worst case).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../lib/servers.mjs';

/** @param {{ hosts: number, minutes: number }} o */
export async function runStore(o) {
	const out = join(ROOT, '.tmp', `store-ingest-${process.pid}.mjs`);
	mkdirSync(join(ROOT, '.tmp'), { recursive: true });
	await build({
		entryPoints: [join(ROOT, 'bench/store/ingest.ts')],
		outfile: out,
		bundle: true,
		platform: 'node',
		format: 'esm',
		packages: 'external',
		tsconfigRaw: {},
		logLevel: 'warning'
	});
	const run = (model) => JSON.parse(execFileSync(process.execPath, [out, String(o.hosts), String(o.minutes), model], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 }).trim().split('\n').pop());
	return { params: o, realistic: run('realistic'), uniform: run('uniform') };
}
