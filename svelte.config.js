import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		typescript: {
			// The agent, the production entry and the e2e specs are type-checked with the app.
			config(tsconfig) {
				tsconfig.include.push('../agent/**/*.ts', '../server.ts', '../e2e/**/*.ts', '../playwright.config.ts', '../scripts/**/*.ts');
				return tsconfig;
			}
		}
	}
};

export default config;
