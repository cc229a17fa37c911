import { describe, expect, it } from 'vitest';
import { APP_NAMES, isServiceName, SERVICE_NAMES, SERVICES, withPrerequisites } from './model';

describe('the platform model', () => {
  it('lists every service after the services it needs', () => {
    for (const [position, service] of SERVICES.entries()) {
      for (const need of service.needs) expect(SERVICE_NAMES.indexOf(need), `${service.name} needs ${need}`).toBeLessThan(position);
    }
  });

  it('names the apps, in start order', () => {
    expect(SERVICE_NAMES).toEqual(['db', 'api', 'web']);
    expect(APP_NAMES).toEqual(['api', 'web']);
  });

  it('gives every service its own port variable and port', () => {
    expect(new Set(SERVICES.map((service) => service.port.variable)).size).toBe(SERVICES.length);
    expect(new Set(SERVICES.map((service) => service.port.default)).size).toBe(SERVICES.length);
  });

  it('tells service names from other words', () => {
    expect(isServiceName('api')).toBe(true);
    expect(isServiceName('migrate')).toBe(false);
    expect(isServiceName(undefined)).toBe(false);
  });
});

describe('withPrerequisites', () => {
  it('adds what the requested services need, directly or not, in start order', () => {
    expect(withPrerequisites(['web'])).toEqual(['db', 'api', 'web']);
    expect(withPrerequisites(['api'])).toEqual(['db', 'api']);
    expect(withPrerequisites(['db'])).toEqual(['db']);
  });

  it('keeps start order and names each service once, whatever order they are asked in', () => {
    expect(withPrerequisites(['web', 'db', 'api', 'web'])).toEqual(['db', 'api', 'web']);
    expect(withPrerequisites([])).toEqual([]);
  });
});
