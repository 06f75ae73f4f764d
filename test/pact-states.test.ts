import { loadService } from '../src/spec/load';
import { parseState, stateText, supportedStates } from '../src/pact/states';

const service = loadService();

describe('provider states', () => {
  it.each([
    ['a model named m-1 exists', undefined, { resource: 'model', name: 'm-1' }],
    ['an endpoint config named c-1 exists', undefined, { resource: 'endpoint-config', name: 'c-1' }],
    ['an endpoint configuration named c-2 exists', undefined, { resource: 'endpoint-config', name: 'c-2' }],
    ['a model exists', { name: 'm-2' }, { resource: 'model', name: 'm-2' }],
  ])('reads "%s" (params %j)', (name, params, expected) => {
    expect(parseState(service, { name, params })).toMatchObject(expected);
  });

  it.each(['a unicorn named x exists', 'a model exists', 'the model m is ready'])('does not know "%s"', (name) => {
    expect(parseState(service, { name })).toBeUndefined();
  });

  it('writes states it can read back, for every resource in contracts/service.json', () => {
    for (const resource of Object.keys(service.resources)) {
      expect(parseState(service, stateText(resource, 'x-1'))).toMatchObject({ resource, name: 'x-1' });
    }
    expect(supportedStates(service)).toHaveLength(Object.keys(service.resources).length);
  });
});
