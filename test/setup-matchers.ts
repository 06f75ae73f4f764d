import { matchers } from 'jest-json-schema';
import { conformanceMatchers } from '../src/jest/matchers';

expect.extend(matchers);
expect.extend(conformanceMatchers);
