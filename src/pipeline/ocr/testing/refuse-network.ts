/**
 * Preload (`node --import`) that makes any network use throw: TCP/TLS sockets, DNS lookups
 * and fetch. Worker threads started from a file inherit the flag and load it too (tesseract's
 * engines are such threads; `eval` workers are not); each thread says so on stderr, naming
 * its script, which is how no-network.test.ts knows the engine thread was covered.
 */
import dns from 'node:dns';
import net from 'node:net';
import { threadId } from 'node:worker_threads';

export const refusal = 'network use refused by refuse-network.ts';

const refuse = (): never => {
  throw new Error(refusal);
};

net.Socket.prototype.connect = refuse;
dns.lookup = refuse as unknown as typeof dns.lookup;
dns.promises.lookup = refuse as unknown as typeof dns.promises.lookup;
globalThis.fetch = async () => refuse();

// A worker thread's argv[1] is its script: that is how the test recognises tesseract's thread.
process.stderr.write(`refuse-network: armed in thread ${threadId} (${process.argv[1] ?? 'main'})\n`);
