/**
 * Issue 13, point 4: the api and the web scale out. The Helm chart's rendered objects run as containers the way
 * Kubernetes would run them (@coaching/testing: scale-out.ts, kubernetes-sim.ts); under a bounded load through the front door, replicas
 * die and are replaced without failing requests, and a login works on every replica (sessions live in PostgreSQL).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API_REPLICAS,
  apiLogin,
  appliedIn,
  killOneApi,
  type KubernetesSimulation,
  LOAD_CONNECTIONS,
  podUrl,
  recordedMigrations,
  rollApis,
  type ScaleOut,
  startScaleOut,
  underLoad,
  WEB_REPLICAS,
  webLogin,
} from '@coaching/testing';

const workspaceRoot = join(__dirname, '..', '..', '..', '..');

describe('the platform scaled out as the Helm chart deploys it (simulated with Docker)', () => {
  let simulation: KubernetesSimulation | undefined;
  let scaleOut: ScaleOut;
  let cookie: string;

  beforeAll(async () => {
    scaleOut = await startScaleOut(workspaceRoot, (created) => (simulation = created));
    cookie = await webLogin(scaleOut.frontUrl);
  });
  afterAll(() => simulation?.remove());

  it('runs two migration Jobs at once, both succeed, and applies each migration exactly once', async () => {
    const recorded = await recordedMigrations(scaleOut);
    expect(recorded.length).toBeGreaterThan(0);
    // Between them, the two migrators applied every migration, none twice.
    expect(scaleOut.migrationLogs.flatMap(appliedIn).sort()).toEqual([...recorded].sort());
  });

  it('keeps a login on every replica: the session is in PostgreSQL, not in a process', async () => {
    expect(scaleOut.apis).toHaveLength(API_REPLICAS);
    expect(scaleOut.webs).toHaveLength(WEB_REPLICAS);
    const webCookie = await webLogin(podUrl(scaleOut.webs[0]));
    for (const web of scaleOut.webs) {
      const dashboard = await fetch(`${podUrl(web)}/`, { headers: { cookie: webCookie }, redirect: 'manual' });
      expect(dashboard.status, web.name).toBe(200);
    }
    const apiCookie = await apiLogin(podUrl(scaleOut.apis[0]));
    for (const api of scaleOut.apis) {
      const me = await fetch(`${podUrl(api)}/me`, { headers: { cookie: apiCookie } });
      expect(me.status, api.name).toBe(200);
    }
  });

  it('serves a steady load through the balancers without an error', async () => {
    const result = await underLoad(scaleOut, cookie, async () => undefined);
    expect(result.requests.total).toBeGreaterThan(0);
    expect({ errors: result.errors, non2xx: result.non2xx }).toEqual({ errors: 0, non2xx: 0 });
  });

  it('loses at most the requests in flight on an api replica that is killed under load', async () => {
    const result = await underLoad(scaleOut, cookie, () => killOneApi(scaleOut));
    console.log(`killed one api replica under load: ${result.errors + result.non2xx} failed of ${result.requests.total}`);
    expect(result.requests.total).toBeGreaterThan(0);
    expect(result.errors + result.non2xx).toBeLessThanOrEqual(LOAD_CONNECTIONS);
  });

  it('replaces every api replica one by one under load without failing a request', async () => {
    const before = scaleOut.apis.map((api) => api.name);
    const result = await underLoad(scaleOut, cookie, () => rollApis(scaleOut));
    expect(scaleOut.apis.map((api) => api.name).filter((name) => before.includes(name))).toEqual([]);
    expect(result.requests.total).toBeGreaterThan(0);
    expect({ errors: result.errors, non2xx: result.non2xx }).toEqual({ errors: 0, non2xx: 0 });
  });
});
