import { z } from 'zod';
import { LIMITS } from './limits.js';

// zod 4 numbers reject NaN and ±Infinity, so every metric below is finite by construction.
const nonNegative = z.number().min(0);
const percent = z.number().min(0).max(100);
const bytes = nonNegative;
const bytesPerSecond = nonNegative;
const count = z.int().min(0);
const text = z.string().max(LIMITS.textLength);

/** Host ids appear in URLs and room names: a conservative slug. */
export const HostIdSchema = z
	.string()
	.min(1)
	.max(LIMITS.hostIdLength)
	.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'letters, digits, ".", "_" or "-", starting with a letter or digit');

export const LabelsSchema = z
	.record(
		z.string().regex(/^[a-z][a-z0-9_]*$/, 'lowercase letters, digits and "_"').max(LIMITS.labelKeyLength),
		z.string().max(LIMITS.labelValueLength)
	)
	.refine((labels) => Object.keys(labels).length <= LIMITS.labelCount, {
		message: `at most ${LIMITS.labelCount} labels`
	});

/** Handshake `auth` object an agent sends when it connects to the `/agent` namespace. */
export const AgentAuthSchema = z.object({
	token: z.string().min(1).max(512),
	hostId: HostIdSchema,
	protocol: z.int()
});

/** Static facts about a host, sent once per connection in `agent:hello`. */
export const HostInfoSchema = z.object({
	hostId: HostIdSchema,
	hostname: text.min(1),
	os: z.object({
		platform: text,
		distro: text,
		release: text,
		kernel: text,
		arch: text
	}),
	cpu: z.object({
		model: text,
		cores: z.int().min(1).max(LIMITS.cores),
		physicalCores: z.int().min(0).max(LIMITS.cores)
	}),
	memTotal: bytes,
	bootTime: z.int().min(0).nullable(),
	labels: LabelsSchema,
	agentVersion: text,
	intervalMs: z.int().min(100).max(3_600_000)
});

export const FilesystemSchema = z.object({
	mount: text.min(1),
	type: text,
	size: bytes,
	used: bytes
});

export const InterfaceRateSchema = z.object({
	name: text.min(1),
	rxBps: bytesPerSecond.nullable(),
	txBps: bytesPerSecond.nullable()
});

export const ProcessSchema = z.object({
	pid: count,
	name: text,
	cpu: nonNegative,
	memBytes: bytes
});

/**
 * One collection of a host's metrics. Rates are null when the agent cannot know them yet
 * (first reading after start); slow families (`fs`, `procs`) are present only in the
 * samples where they were measured.
 */
export const SampleSchema = z.object({
	host: HostIdSchema,
	seq: count,
	ts: count,
	cpu: z.object({
		total: percent,
		user: percent,
		system: percent,
		cores: z.array(percent).max(LIMITS.cores)
	}),
	load: z.tuple([nonNegative, nonNegative, nonNegative]),
	mem: z.object({
		total: bytes,
		used: bytes,
		available: bytes,
		swapTotal: bytes,
		swapUsed: bytes
	}),
	disk: z.object({ readBps: bytesPerSecond, writeBps: bytesPerSecond }).nullable(),
	net: z.object({
		rxBps: bytesPerSecond.nullable(),
		txBps: bytesPerSecond.nullable(),
		ifaces: z.array(InterfaceRateSchema).max(LIMITS.interfaces)
	}),
	temp: z.number().min(-100).max(300).nullable(),
	uptime: nonNegative,
	fs: z.array(FilesystemSchema).max(LIMITS.filesystems).optional(),
	procs: z
		.object({
			total: count,
			running: count,
			top: z.array(ProcessSchema).max(LIMITS.topProcesses)
		})
		.optional()
});

export const SampleBatchSchema = z.object({
	samples: z.array(SampleSchema).min(1).max(LIMITS.batchSamples),
	/** Samples the agent has dropped since it started because its buffer was full. */
	dropped: count.optional()
});

export const HostStatusSchema = z.enum(['online', 'stale', 'offline']);

export const HostSubscribeSchema = z.object({
	hostId: HostIdSchema,
	/** Oldest sample wanted (host clock, ms); default: the server's whole recent window. */
	from: count.optional()
});

export type AgentAuth = z.infer<typeof AgentAuthSchema>;
export type HostInfo = z.infer<typeof HostInfoSchema>;
export type Filesystem = z.infer<typeof FilesystemSchema>;
export type InterfaceRate = z.infer<typeof InterfaceRateSchema>;
export type ProcessInfo = z.infer<typeof ProcessSchema>;
export type Sample = z.infer<typeof SampleSchema>;
export type SampleBatch = z.infer<typeof SampleBatchSchema>;
export type HostStatus = z.infer<typeof HostStatusSchema>;
export type HostSubscribe = z.infer<typeof HostSubscribeSchema>;
