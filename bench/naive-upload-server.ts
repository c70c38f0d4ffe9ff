/**
 * The peer of bench/upload-memory.ts: a bare Fastify + @fastify/multipart route that takes the
 * upload the naive way, `await part.toBuffer()`, then writes it to disk. Same plugin, same limit,
 * same storage medium as docjobs; the only difference is buffering instead of streaming.
 * Started as a child process; prints "listening on URL" and runs until SIGTERM.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';

const dir = process.env.DATA_DIR;
if (!dir) throw new Error('DATA_DIR is required');
const app = Fastify();
await app.register(multipart, { limits: { fileSize: 200 * 1024 * 1024 }, throwFileSizeLimit: true });
app.post('/upload', async (request, reply) => {
  const part = await request.file();
  if (!part) return reply.code(400).send({ error: 'no file' });
  const bytes = await part.toBuffer();
  await writeFile(join(dir, 'upload.bin'), bytes);
  return reply.code(202).send({ sizeBytes: bytes.length });
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`naive upload server listening on ${address}`);
process.once('SIGTERM', () => {
  app.close().then(() => process.exit(0));
});
