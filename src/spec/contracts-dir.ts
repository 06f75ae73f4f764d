import { resolve } from 'node:path';

/** The `contracts/` folder shipped with the package: service.json and one folder per edition. */
export const CONTRACTS_DIR = resolve(__dirname, '../../contracts');
