import { type Flags, wholeNumber } from './arguments.ts';
import { exitCodes, usageError } from './exit-codes.ts';
import { withRemote } from './remote.ts';

const modes = ['hybrid', 'fulltext', 'vector'] as const;

interface Hit {
  jobId: string;
  fileName: string | null;
  index: number;
  pages: number[];
  headingPath: string[];
  score: number;
  snippet: string;
}

/** `docjobs search "query" [--case ID] [--top N] [--mode hybrid|fulltext|vector] [--json]`: POST /v1/search. */
export async function searchCommand(flags: Flags, args: string[]): Promise<number> {
  const query = args.join(' ');
  if (!query.trim())
    throw usageError('usage: docjobs search "QUERY" [--case ID] [--top N] [--mode hybrid|fulltext|vector]');
  const topK = wholeNumber('top', flags.top, 1, 100, 'chunks');
  if (!(modes as readonly string[]).includes(flags.mode))
    throw usageError(`--mode must be one of ${modes.join(', ')}; got "${flags.mode}"`);
  return withRemote(flags, async ({ client }) => {
    const answer = (await client.search({
      query,
      mode: flags.mode as (typeof modes)[number],
      topK,
      ...(flags.case ? { filters: { caseId: flags.case } } : {}),
    })) as { mode: string; data: Hit[] };
    if (flags.json) {
      console.log(JSON.stringify(answer, null, 2));
      return exitCodes.ok;
    }
    const bold = process.stdout.isTTY ? ['\x1b[1m', '\x1b[0m'] : ['', ''];
    for (const [rank, hit] of answer.data.entries()) {
      const where = [
        hit.fileName ?? hit.jobId,
        `p. ${hit.pages.join(',') || '?'}`,
        hit.headingPath.join(' › '),
      ]
        .filter(Boolean)
        .join('  ');
      console.log(`${rank + 1}. ${hit.score.toFixed(4)}  ${where}  (${hit.jobId} #${hit.index})`);
      // A terminal has no <mark>: the matched words in bold (plain in a pipe).
      console.log(
        `   ${hit.snippet.replace(/\s+/g, ' ').replaceAll('<mark>', bold[0]!).replaceAll('</mark>', bold[1]!)}`,
      );
    }
    console.error(`${answer.data.length} chunks (${answer.mode})`);
    return exitCodes.ok;
  });
}
