import { describe, expect, it } from 'vitest';
import { entryPoint, requireLogSource, type ServiceStatus } from './runtime';

const row = (service: ServiceStatus['service'], health: ServiceStatus['health']): ServiceStatus => ({
  service,
  state: health === '-' ? 'stopped' : 'running',
  health,
  url: `${service}-url`,
});

describe('entryPoint', () => {
  it('is the web when it is ready, else the api, else nothing', () => {
    expect(entryPoint([row('db', 'ready'), row('api', 'ready'), row('web', 'ready')])?.service).toBe('web');
    expect(entryPoint([row('db', 'ready'), row('api', 'ready'), row('web', 'not ready')])?.service).toBe('api');
    expect(entryPoint([row('db', 'ready'), row('api', '-'), row('web', '-')])).toBeUndefined();
  });
});

describe('requireLogSource', () => {
  it('passes a source the stack runs, or none for all of them', () => {
    expect(requireLogSource('edge', ['db', 'api', 'web', 'edge'], 'the production stack')).toBe('edge');
    expect(requireLogSource(undefined, ['db'], 'the native runtime')).toBeUndefined();
  });

  it('refuses one it does not run, naming those it does, and where the edge runs', () => {
    expect(() => requireLogSource('mail', ['db', 'api', 'web', 'edge'], 'the production stack')).toThrow(
      'mail does not run in the production stack; its logs are those of db, api, web, edge',
    );
    expect(() => requireLogSource('edge', ['db', 'mail', 'api', 'web'], 'the development stack')).toThrow(
      'edge does not run in the development stack (the HTTPS edge runs only in the production stack, `make up-production`); its logs are those of db, mail, api, web',
    );
  });
});
