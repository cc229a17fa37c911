import { describe, expect, it } from 'vitest';
import { entryPoint, type ServiceStatus } from './runtime';

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
