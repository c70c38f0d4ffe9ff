import type { ApiClient } from './api-client.ts';

export interface SearchFlags {
  caseId?: string;
  top: string;
  mode: string;
  json: boolean;
}

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
export async function searchCommand(
  api: ApiClient,
  query: string | undefined,
  flags: SearchFlags,
): Promise<number> {
  if (!query?.trim())
    throw new Error('usage: docjobs search "QUERY" [--case ID] [--top N] [--mode hybrid|fulltext|vector]');
  const topK = Number(flags.top);
  if (!Number.isInteger(topK) || topK < 1 || topK > 100)
    throw new Error(`--top must be an integer from 1 to 100, got "${flags.top}"`);
  const body = {
    query,
    mode: flags.mode,
    topK,
    ...(flags.caseId ? { filters: { caseId: flags.caseId } } : {}),
  };
  const answer = await api.json<{ mode: string; data: Hit[] }>('POST', '/v1/search', JSON.stringify(body), {
    'content-type': 'application/json',
  });
  if (flags.json) {
    console.log(JSON.stringify(answer, null, 2));
    return 0;
  }
  for (const [rank, hit] of answer.data.entries()) {
    const where = [hit.fileName ?? hit.jobId, `p. ${hit.pages.join(',') || '?'}`, hit.headingPath.join(' › ')]
      .filter(Boolean)
      .join('  ');
    console.log(`${rank + 1}. ${hit.score.toFixed(4)}  ${where}  (${hit.jobId} #${hit.index})`);
    // The terminal has no <mark>: the matched words in bold.
    console.log(
      `   ${hit.snippet.replace(/\s+/g, ' ').replaceAll('<mark>', '\x1b[1m').replaceAll('</mark>', '\x1b[0m')}`,
    );
  }
  console.error(`${answer.data.length} chunks (${answer.mode})`);
  return 0;
}
