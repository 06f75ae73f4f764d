import { resolve } from 'node:path';

/** The `contracts/` folder shipped with the package: service.json and one folder per spec profile. */
export const CONTRACTS_DIR = resolve(__dirname, '../../contracts');
