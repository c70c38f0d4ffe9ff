/**
 * Retrieval for a RAG pipeline: documents split into chunks as they are parsed, then searched.
 * Full-text search needs no model; with an embeddings endpoint on the server (EMBEDDINGS_BASE_URL)
 * the default `hybrid` mode adds vector similarity.
 *
 *   node examples/rag-search.ts "QUESTION" [FILE...]
 */
import { connect } from './connect.ts';

const docjobs = connect();
const question = process.argv[2] ?? 'how often are turbines inspected?';
const files =
  process.argv.length > 3
    ? process.argv.slice(3)
    : [new URL('./documents/handbook.txt', import.meta.url).pathname];

// The metadata lets the search keep to this collection of documents.
const collection = `example-${Date.now()}`;
await Promise.all(
  files.map((file) =>
    docjobs.submitAndWait({
      file,
      type: 'chunk',
      options: { chunking: { strategy: 'structure', maxTokens: 60 } },
      metadata: { collection },
    }),
  ),
);

const { data: hits, mode } = await docjobs.search({
  query: question,
  mode: 'fulltext',
  topK: 3,
  filters: { metadata: { collection } },
});
console.log(`${hits?.length ?? 0} chunk(s) for "${question}" (${mode})`);
for (const hit of hits ?? []) {
  // The chunk's text is what goes into the prompt; the snippet shows the matched words.
  console.log(
    `${hit.score?.toFixed(3)} ${hit.fileName} p.${hit.pages?.join(',')}: ${hit.snippet?.replace(/<\/?mark>/g, '*').replace(/\s+/g, ' ')}`,
  );
}
