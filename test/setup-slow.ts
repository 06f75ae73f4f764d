// The slow project's limit per test (Jest takes testTimeout from the top-level config only): a whole table against
// moto took 9 s alone and over 60 s beside two other test runs. Waits poll for what they wait for, so the limit only
// stops a hang; speed is `npm run bench`'s to measure.
jest.setTimeout(300000);
