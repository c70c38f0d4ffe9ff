import { Docjobs } from '@docjobs/client';

/**
 * The client every example uses: the server's address and an API key from the environment, as
 * the `docjobs` command reads them (DOCJOBS_URL, DOCJOBS_API_KEY).
 */
export function connect(): Docjobs {
  const baseUrl = process.env.DOCJOBS_URL ?? 'http://127.0.0.1:8080';
  const apiKey = process.env.DOCJOBS_API_KEY;
  if (!apiKey) throw new Error('set DOCJOBS_API_KEY to a key ("docjobs keys create --org NAME" makes one)');
  return new Docjobs({ baseUrl, apiKey });
}

/** A file given on the command line, or one of the sample documents beside the examples. */
export const documentArgument = (fallback: string) =>
  process.argv[2] ?? new URL(`./documents/${fallback}`, import.meta.url).pathname;
