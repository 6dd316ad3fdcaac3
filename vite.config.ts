import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { pulseDevServer } from './src/lib/server/vite-plugin.js';

export default defineConfig({
	plugins: [sveltekit(), pulseDevServer()],
	server: { port: 3000, strictPort: true },
	preview: { port: 3000 },
	test: {
		include: ['src/**/*.test.ts', 'agent/**/*.test.ts', 'tests/**/*.test.ts'],
		// Integration tests start real processes; two cores run them best one file at a time.
		fileParallelism: false,
		testTimeout: 30_000,
		hookTimeout: 60_000
	}
});
