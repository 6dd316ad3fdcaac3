import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
	dir: string;
	caCert: string;
	serverCert: string;
	serverKey: string;
	/** A CA that signed nothing here: trusting it must not let a client in. */
	otherCaCert: string;
}

function openssl(args: string[], cwd: string): void {
	execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

function makeCa(dir: string, name: string): { cert: string; key: string } {
	const key = join(dir, `${name}.key`);
	const cert = join(dir, `${name}.pem`);
	openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`], dir);
	return { cert, key };
}

/** A throwaway CA and a server certificate for localhost/127.0.0.1 it signed, made with openssl. */
export function makeTestPki(): TestPki {
	const dir = mkdtempSync(join(tmpdir(), 'pulse-pki-'));
	const ca = makeCa(dir, 'test-ca');
	const other = makeCa(dir, 'other-ca');
	const serverKey = join(dir, 'server.key');
	const csr = join(dir, 'server.csr');
	const serverCert = join(dir, 'server.pem');
	const ext = join(dir, 'server.ext');
	writeFileSync(ext, 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
	openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', serverKey, '-out', csr, '-subj', '/CN=localhost'], dir);
	openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', serverCert, '-days', '2', '-extfile', ext], dir);
	return { dir, caCert: ca.cert, serverCert, serverKey, otherCaCert: other.cert };
}
