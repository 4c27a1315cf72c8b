import { existsSync } from 'node:fs';

/**
 * Loads `./.env` when there is one, with Node's own loader: a variable already in the real
 * environment wins over the file. Imported first by the server, the CLI and the scripts.
 */
export const ENV_FILE = '.env';
if (existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);
