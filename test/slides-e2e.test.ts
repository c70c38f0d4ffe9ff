/**
 * A PPTX through the API: parse (one page a slide, notes as their own block type, markdown and
 * HTML), chunk (headings from slide titles), the slide thumbnail, and a hostile deck as a failed job.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Chunk } from '../src/core/chunk.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';
import { makeDeck } from './slides-deck.ts';
import { withPart } from './slides-zip.ts';

interface PageView {
  page: number;
  markdown: string;
  blocks: { type: string; text: string; level?: number }[];
}

for (const backend of backends) {
  describe(`slide decks through the API on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'slides-e2e');
    });
    after(async () => dj?.close());
    const get = (url: string) => dj.app.inject({ method: 'GET', url, headers: dj.auth });

    const deck = makeDeck([
      {
        title: 'Launch plan',
        bullets: [
          ['Ship the beta in March', 0],
          ['Invite forty design partners', 1],
        ],
        notes: 'Mention the waiting list',
        pictureAlt: 'Timeline of the launch',
      },
      {
        title: 'Budget',
        table: [
          ['Item', 'Cost'],
          ['Ads', '4000'],
        ],
      },
    ]);

    it('parses each slide into a page with its notes block', async () => {
      const job = await submit(dj, await deck, 'launch.pptx');
      const ended = await waitTerminal(dj, job.id);
      assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
      const result = (await get(`/v1/jobs/${job.id}/result`)).json() as {
        metadata: { pages: number; fileType: string };
        pages: PageView[];
      };
      assert.equal(result.metadata.fileType, 'pptx');
      assert.equal(result.pages.length, 2);
      const types = result.pages[0]!.blocks.map((b) => b.type);
      assert.deepEqual(types, ['heading', 'list', 'list', 'figure', 'notes']);
      assert.match(result.pages[0]!.markdown, /> \*\*Notes:\*\* Mention the waiting list/);
      assert.equal(result.pages[1]!.blocks[1]!.type, 'table');

      const thumbnail = await get(`/v1/jobs/${job.id}/pages/2/thumbnail`);
      assert.equal(thumbnail.statusCode, 200, thumbnail.body);
      assert.equal(thumbnail.headers['content-type'], 'image/png');
    });

    it('chunks a deck under its slide titles', async () => {
      const job = await submit(dj, await deck, 'launch.pptx', { type: 'chunk' });
      const ended = await waitTerminal(dj, job.id);
      assert.equal(ended.status, 'completed', JSON.stringify(ended.error));
      const { chunks } = (await get(`/v1/jobs/${job.id}/result`)).json() as { chunks: Chunk[] };
      const launch = chunks.find((c) => c.text.includes('forty design partners'));
      assert.ok(launch, JSON.stringify(chunks));
      assert.equal(launch.headingPath.at(-1), 'Launch plan');
      assert.ok(chunks.some((c) => c.text.includes('Mention the waiting list')));
      const budget = chunks.find((c) => c.text.includes('4000'));
      assert.equal(budget?.headingPath.at(-1), 'Budget');
    });

    it('fails a deck of too many slides as PARSE_ERROR, not a stuck job', async () => {
      const many = withPart(await deck, 'ppt/presentation.xml', (xml) =>
        xml.replace(
          /<p:sldIdLst>[\s\S]*<\/p:sldIdLst>/,
          `<p:sldIdLst>${'<p:sldId id="300" r:id="rId9"/>'.repeat(1500)}</p:sldIdLst>`,
        ),
      );
      const job = await submit(dj, many, 'many.pptx');
      const ended = await waitTerminal(dj, job.id);
      assert.equal(ended.status, 'failed');
      assert.equal(ended.error?.code, 'PARSE_ERROR');
      assert.match(ended.error?.message ?? '', /1500 slides; docjobs reads at most 1000/);
    });
  });
}
