import { describe, expect, it } from 'vitest';
import {
  APP_NAMES,
  DEFAULT_PORTS,
  isBuiltHere,
  isServiceName,
  PORTS,
  portsOf,
  SERVICE_NAMES,
  SERVICES,
  servicesIn,
  withPrerequisites,
} from './model';

describe('the platform model', () => {
  it('lists every service after the services it needs', () => {
    for (const [position, service] of SERVICES.entries()) {
      for (const need of service.needs) expect(SERVICE_NAMES.indexOf(need), `${service.name} needs ${need}`).toBeLessThan(position);
    }
  });

  it('names the apps, in start order', () => {
    expect(SERVICE_NAMES).toEqual(['db', 'mail', 'api', 'web']);
    expect(APP_NAMES).toEqual(['api', 'web']);
  });

  it('gives every port its own variable and number; the mail catcher publishes two', () => {
    const ports = Object.values(PORTS);
    expect(new Set(ports.map((port) => port.variable)).size).toBe(ports.length);
    expect(new Set(ports.map((port) => port.default)).size).toBe(ports.length);
    expect(portsOf('mail')).toEqual(['mail', 'smtp']);
    expect(portsOf('api')).toEqual(['api']);
    expect(DEFAULT_PORTS).toMatchObject({ mail: 8025, smtp: 1025 });
  });

  it('runs the mail catcher in development only, from its published image', () => {
    expect(servicesIn('development')).toEqual(SERVICE_NAMES);
    expect(servicesIn('production')).toEqual(['db', 'api', 'web']);
    expect(SERVICE_NAMES.filter(isBuiltHere)).toEqual(['db', 'api', 'web']);
  });

  it('tells service names from other words', () => {
    expect(isServiceName('api')).toBe(true);
    expect(isServiceName('migrate')).toBe(false);
    expect(isServiceName(undefined)).toBe(false);
  });
});

describe('withPrerequisites', () => {
  it('adds what the requested services need, directly or not, in start order', () => {
    expect(withPrerequisites(['web'])).toEqual(['db', 'mail', 'api', 'web']);
    expect(withPrerequisites(['api'])).toEqual(['db', 'mail', 'api']);
    expect(withPrerequisites(['db'])).toEqual(['db']);
  });

  it('keeps start order and names each service once, whatever order they are asked in', () => {
    expect(withPrerequisites(['web', 'db', 'api', 'web'])).toEqual(['db', 'mail', 'api', 'web']);
    expect(withPrerequisites([])).toEqual([]);
  });
});
