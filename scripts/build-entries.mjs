// Builds what runs outside Vite: the production server entry and the self-contained agent.
// Usage: node scripts/build-entries.mjs [--agent-only]
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const agentOnly = process.argv.includes('--agent-only');
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

// CommonJS dependencies bundled into an ES module still call require(): give them one.
// esbuild would read tsconfig.json, which extends a file `svelte-kit sync` writes later; these
// entries need none of its settings.
const tsconfigRaw = { compilerOptions: { target: 'es2022', useDefineForClassFields: true } };

const requireShim = "import { createRequire as __pulseCreateRequire } from 'node:module'; const require = __pulseCreateRequire(import.meta.url);";

/** One file with every dependency inside: copy it to a host and run it with plain `node`. */
async function buildAgent() {
	const outfile = 'build/agent/pulse-agent.mjs';
	await build({
		entryPoints: ['agent/main.ts'],
		outfile,
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		minify: true,
		sourcemap: false,
		legalComments: 'none',
		banner: { js: `#!/usr/bin/env node\n${requireShim}` },
		define: { __AGENT_VERSION__: JSON.stringify(version) },
		// Optional native speed-ups of `ws`; it works without them.
		external: ['bufferutil', 'utf-8-validate'],
		tsconfigRaw,
		logLevel: 'warning'
	});
	chmodSync(outfile, 0o755);
}

/** The server entry; node_modules stay external (they are installed beside it). */
async function buildServer() {
	await build({
		entryPoints: ['server.ts'],
		outfile: 'build/server.js',
		bundle: true,
		platform: 'node',
		target: 'node20',
		format: 'esm',
		packages: 'external',
		sourcemap: true,
		external: ['./handler.js'],
		tsconfigRaw,
		logLevel: 'warning'
	});
}

await Promise.all(agentOnly ? [buildAgent()] : [buildAgent(), buildServer()]);
