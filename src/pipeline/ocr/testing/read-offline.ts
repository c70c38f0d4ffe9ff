/**
 * Child process of no-network.test.ts, run under `--import ./refuse-network.ts`: tries the
 * network on purpose (it must fail), then reads a page with eng+deu (tesseract) and one in
 * English with PaddleOCR, which must not need it.
 * Prints one JSON line.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import { closeOcrPool } from '../ocr-pool.ts';
import { closePaddlePool } from '../paddle/paddle-pool.ts';
import { recognizeImage } from '../recognize.ts';
import { textPageImage } from './page-image.ts';

const refused = async (attempt: () => Promise<unknown>): Promise<string> => {
  try {
    await attempt();
    return 'allowed';
  } catch (error) {
    return (error as Error).message;
  }
};

const attempts = {
  fetch: await refused(() => fetch('https://cdn.jsdelivr.net/npm/@tesseract.js-data/eng/')),
  socket: await refused(
    () =>
      new Promise((resolve, reject) => {
        net.connect(443, '127.0.0.1', () => resolve(null)).on('error', reject);
      }),
  ),
  dns: await refused(() => dns.lookup('cdn.jsdelivr.net')),
};
const image = await textPageImage(['Offline: die Straße'], 900);
const page = await recognizeImage(image, {
  languages: ['eng', 'deu'],
  mode: 'standard',
  signal: AbortSignal.timeout(60_000),
});
const english = await recognizeImage(await textPageImage(['Offline and local'], 900), {
  languages: ['eng'],
  mode: 'standard',
  engine: 'paddle',
  signal: AbortSignal.timeout(60_000),
});
await Promise.all([closeOcrPool(), closePaddlePool()]);
console.log(JSON.stringify({ attempts, text: page.text, paddle: english.text }));
