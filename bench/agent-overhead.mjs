// Measures the real agent's cost on this host alone (the same measurement is scenario 4 of
// `npm run bench`): CPU % of one core (its own and its child processes') and resident memory,
// at its default 1 Hz against a real server.
// Usage: node bench/agent-overhead.mjs [--seconds 60] [--interval 1000] [--json]
//        AGENT_NODE_FLAGS=--max-semi-space-size=1 node bench/agent-overhead.mjs   (compare node settings)
import { parseArgs } from 'node:util';
import { runAgentOverhead } from './scenarios/agent-overhead.mjs';

const { values } = parseArgs({
	options: { seconds: { type: 'string', default: '60' }, interval: { type: 'string', default: '1000' }, json: { type: 'boolean' } }
});
const nodeFlags = process.env.AGENT_NODE_FLAGS ? process.env.AGENT_NODE_FLAGS.split(' ') : [];
const result = await runAgentOverhead({ seconds: Number(values.seconds), intervalMs: Number(values.interval), nodeFlags });
if (values.json) console.log(JSON.stringify(result));
else
	console.log(
		`agent at ${result.intervalMs} ms for ${result.seconds} s: CPU ${result.cpuPercent.toFixed(2)} % of one core (incl. children), ` +
			`RSS median ${result.rssMedianMB.toFixed(1)} MB, max ${result.rssMaxMB.toFixed(1)} MB; ` +
			`${result.samplesAccepted}/${result.expectedSamples} samples accepted`
	);
process.exit(0);
