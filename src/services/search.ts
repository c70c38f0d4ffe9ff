/**
 * POST /v1/search over an organisation's chunks (issue 16). `fulltext` works with no model;
 * `vector` embeds the query with the configured endpoint; `hybrid` fuses both rankings by
 * reciprocal rank fusion, and is `fulltext` when no endpoint is configured (the answer says so).
 */
import { DocjobsError } from '../core/errors.ts';
import type { OrgId } from '../core/ids.ts';
import {
  fuseRankings,
  type Ranked,
  type SearchHit,
  type SearchMode,
  type SearchRequest,
} from '../core/search.ts';
import { embedQuery } from '../pipeline/embed/embeddings-client.ts';
import { readHits } from '../store/chunks/read-hits.ts';
import { rankFulltext } from '../store/chunks/search-fulltext.ts';
import { rankVector } from '../store/chunks/search-vector.ts';
import type { Context } from './context.ts';

export interface SearchAnswer {
  /** The mode that ran: `fulltext` where `hybrid` was asked on a server with no embeddings endpoint. */
  mode: SearchMode;
  data: SearchHit[];
}

/**
 * Each ranking feeds the fusion this many candidates: RRF needs more than topK from each side for a
 * chunk ranked 15th by one and 3rd by the other to win; 50 is where the fused top 10 stopped changing
 * in the retrieval runs of the literature (and costs ~the same as 10 with an index).
 */
const fusionDepth = (topK: number) => Math.max(50, topK * 3);

export async function searchChunks(
  ctx: Pick<Context, 'db' | 'config'>,
  orgId: OrgId,
  request: SearchRequest,
  signal: AbortSignal = new AbortController().signal,
): Promise<SearchAnswer> {
  const settings = ctx.config.embeddings;
  let mode = request.mode;
  if (!settings) {
    if (mode === 'vector') {
      throw new DocjobsError(
        'EMBEDDINGS_NOT_CONFIGURED',
        'vector search needs an embeddings endpoint: set EMBEDDINGS_BASE_URL (and EMBEDDINGS_MODEL) on the server, or search with mode "fulltext"',
      );
    }
    mode = 'fulltext';
  }
  const { query, topK, filters } = request;
  const vectorRanking = async (limit: number): Promise<Ranked[]> => {
    // One retry at most: a person waits on this answer, a job's indexing can wait longer.
    const { vector, model } = await embedQuery(
      { ...settings!, maxRetries: Math.min(settings!.maxRetries, 1) },
      query,
      signal,
    );
    return rankVector(ctx.db, orgId, vector, model, filters, limit);
  };
  let ranked: Ranked[];
  if (mode === 'fulltext') ranked = await rankFulltext(ctx.db, orgId, query, filters, topK);
  else if (mode === 'vector') ranked = await vectorRanking(topK);
  else {
    const depth = fusionDepth(topK);
    const [text, vector] = await Promise.all([
      rankFulltext(ctx.db, orgId, query, filters, depth),
      vectorRanking(depth),
    ]);
    ranked = fuseRankings([text, vector], topK);
  }
  return { mode, data: await readHits(ctx.db, orgId, query, ranked) };
}
