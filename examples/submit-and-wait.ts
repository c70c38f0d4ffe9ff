/**
 * Submit a document, wait for its job, print the result as Markdown.
 *
 *   DOCJOBS_URL=http://127.0.0.1:8080 DOCJOBS_API_KEY=dj_… node examples/submit-and-wait.ts [FILE]
 */
import { DocjobsError, JobFailedError } from '@docjobs/client';
import { connect, documentArgument } from './connect.ts';

const docjobs = connect();
const file = documentArgument('invoice.html');

try {
  // A path is streamed from disk; a Buffer, Blob, stream or URL works the same way.
  const job = await docjobs.submitAndWait(
    { file, type: 'parse', metadata: { source: 'example' } },
    { timeoutMs: 120_000, onProgress: (state) => console.error(`${state.status} ${state.progress ?? 0}%`) },
  );
  console.log(`job ${job.id} ${job.status}, ${job.pagesTotal} page(s), quality ${job.qualityScore}`);
  console.log(await docjobs.result(job, { format: 'markdown' }));
} catch (error) {
  // A job that ended without a result, or a request the server refused: both say why.
  if (error instanceof JobFailedError) console.error(`the job failed: ${error.job.error?.message}`);
  else if (error instanceof DocjobsError) console.error(`${error.status} ${error.code}: ${error.message}`);
  else throw error;
  process.exitCode = 1;
}
