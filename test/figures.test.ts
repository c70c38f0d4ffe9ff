import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { textImage } from '../src/pipeline/images/testing/text-image.ts';
import { makePdf } from './fixtures.ts';
import { backends, startTestDocjobs, submit, type TestDocjobs, waitTerminal } from './harness.ts';

/** A text page with a 300×200 pt picture at (100, 200) and its caption under it. */
async function pageWithFigure(): Promise<Uint8Array> {
  const jpeg = await textImage(['chart'], { format: 'jpeg' });
  const { width = 0, height = 0 } = await sharp(jpeg).metadata();
  return makePdf([
    {
      lines: [
        [12, 72, 100, 'The results of the trial are summarised in the chart below, which shows'],
        [12, 72, 116, 'how throughput grew with the number of workers over the whole run.'],
        [10, 100, 418, 'Figure 1: Throughput by number of workers.'],
        [12, 72, 460, 'The next section discusses what limited the growth past four workers.'],
      ],
      scan: { jpeg, width, height, box: [100, 200, 300, 200] },
    },
  ]);
}

for (const backend of backends) {
  describe(`Figures on ${backend}`, () => {
    let dj: TestDocjobs;
    before(async () => {
      dj = await startTestDocjobs(backend, 'figures');
    });
    after(async () => dj?.close());

    it('makes a figure block with its caption, links it from the markdown and serves its PNG', async () => {
      const queued = await submit(dj, await pageWithFigure(), 'figure.pdf');
      const job = await waitTerminal(dj, queued.id);
      assert.equal(job.status, 'completed', JSON.stringify(job.error));
      const result = (await dj.app.inject({ url: `/v1/jobs/${job.id}/result`, headers: dj.auth })).json();
      const blocks = result.pages[0].blocks as {
        type: string;
        name?: string;
        caption?: string;
        bbox: number[];
      }[];
      assert.deepEqual(
        blocks.map((block) => block.type),
        ['paragraph', 'figure', 'paragraph'],
      );
      const figure = blocks[1]!;
      assert.equal(figure.name, 'p1-1.png');
      assert.equal(figure.caption, 'Figure 1: Throughput by number of workers.');
      assert.deepEqual(figure.bbox.map(Math.round), [100, 200, 400, 400]);
      assert.match(result.markdown, /!\[Figure 1: Throughput by number of workers\.\]\(figures\/p1-1\.png\)/);

      const url = `/v1/jobs/${job.id}/figures/p1-1.png`;
      const png = await dj.app.inject({ url, headers: dj.auth });
      assert.equal(png.statusCode, 200, png.body);
      assert.equal(png.headers['content-type'], 'image/png');
      const size = await sharp(png.rawPayload).metadata();
      assert.deepEqual([size.width, size.height], [600, 400]); // 300×200 pt at 2 px a point
      const again = await dj.app.inject({ url, headers: dj.auth });
      assert.deepEqual(again.rawPayload, png.rawPayload);

      const missing = await dj.app.inject({ url: `/v1/jobs/${job.id}/figures/p1-2.png`, headers: dj.auth });
      assert.equal(missing.statusCode, 404);
      const badName = await dj.app.inject({
        url: `/v1/jobs/${job.id}/figures/..%2Fdocument`,
        headers: dj.auth,
      });
      assert.equal(badName.statusCode, 404);
      const foreign = await dj.app.inject({ url, headers: dj.otherAuth });
      assert.equal(foreign.statusCode, 404);
    });
  });
}
