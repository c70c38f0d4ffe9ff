import { join } from 'node:path';

/**
 * Where the first embedded start writes the key it generated (mode 0600), and where the CLI looks
 * when DOCJOBS_API_KEY is not set. In core so the CLI finds it without loading the store.
 */
export const apiKeyFile = (dataDir: string) => join(dataDir, 'api-key');
