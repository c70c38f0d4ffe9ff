import type { Page } from 'playwright-core';
import { makePdf } from '../fixtures.ts';
import type { ConsoleServer } from './browser-harness.ts';

// What the job page tests share: a generated invoice, and opening a job's page.

/** An invoice as a text PDF on an A5-sized page (420 × 595 pt), so boxes are not in letter units. */
export const invoicePdf = makePdf(
  [
    {
      lines: [
        [18, 40, 50, 'Northwind Traders Ltd', 'bold'],
        [12, 40, 80, 'INVOICE'],
        [11, 40, 110, 'Invoice number: INV-2024-0042'],
        [11, 40, 130, 'Invoice date: 14 March 2024'],
        [11, 40, 170, 'Total due: EUR 1,234.50'],
      ],
    },
    { lines: [[11, 40, 50, 'Payment within 30 days to the account on file.']] },
  ],
  { pageSize: [420, 595] },
);

export async function openJob(page: Page, server: ConsoleServer, id: string, tab = ''): Promise<void> {
  await page.goto(`${server.baseUrl}/jobs/${id}${tab ? `/${tab}` : ''}`);
  await page.locator('#job-title').waitFor();
}
