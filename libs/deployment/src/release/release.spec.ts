import { describe, expect, it } from 'vitest';
import { changelogBetween } from './git';
import { baseImageArguments, mirrored } from './publish';
import { recordAnnotations, recordFromManifest, type ReleaseRecord } from './record';
import { byPrecedence, isReleaseVersion, newestRelease } from './version';

const digest = (character: string) => `sha256:${character.repeat(64)}`;

const RECORD: ReleaseRecord = {
  version: '1.4.0',
  revision: '0123456789abcdef0123456789abcdef01234567',
  images: { db: `ghcr.io/o/coaching-db@${digest('a')}`, api: `ghcr.io/o/coaching-api@${digest('b')}`, web: `ghcr.io/o/coaching-web@${digest('c')}` },
  chart: `ghcr.io/o/coaching-platform@${digest('d')}`,
  baseImages: { RUST_IMAGE: `rust@${digest('e')}`, POSTGRES_IMAGE: `postgres@${digest('f')}` },
};

describe('release versions', () => {
  it('orders by semantic-version precedence, not as text', () => {
    expect(byPrecedence(['1.10.0', '1.9.0', '1.10.0-rc.1', '0.0.0-test.2', '0.0.0-test.10'])).toEqual([
      '0.0.0-test.2',
      '0.0.0-test.10',
      '1.9.0',
      '1.10.0-rc.1',
      '1.10.0',
    ]);
  });

  it('moves a server to the newest published version, and to pre-releases only from a pre-release', () => {
    expect(newestRelease(['1.3.0', '1.4.0', '1.5.0-rc.1'], '1.3.0')).toBe('1.4.0');
    expect(newestRelease(['1.3.0', '1.4.0', '1.5.0-rc.1'], '1.4.0-rc.2')).toBe('1.5.0-rc.1');
    expect(newestRelease(['0.0.0-test.1'], '1.0.0')).toBeUndefined();
  });

  it('takes only exact semantic versions as release names', () => {
    expect(['1.2.3', '0.0.0-test.1'].every(isReleaseVersion)).toBe(true);
    expect(['v1.2.3', '1.2', 'latest', '1.2.3 ; rm -rf /'].some(isReleaseVersion)).toBe(false);
  });
});

describe('the release record', () => {
  it('travels as manifest annotations and reads back the same', () => {
    const manifest = JSON.stringify({ schemaVersion: 2, annotations: recordAnnotations(RECORD) });
    expect(recordFromManifest(manifest, 'the record')).toEqual(RECORD);
  });

  it('refuses a manifest whose images are not pinned by digest, naming the annotation', () => {
    const annotations = { ...recordAnnotations(RECORD), 'io.coaching-platform.image.api': 'ghcr.io/o/coaching-api:latest' };
    expect(() => recordFromManifest(JSON.stringify({ annotations }), 'ghcr.io/o/coaching-platform-release:1.4.0')).toThrow(
      'ghcr.io/o/coaching-platform-release:1.4.0 is not a release record: io.coaching-platform.image.api is ghcr.io/o/coaching-api:latest, not a reference by digest',
    );
  });
});

describe('publishing', () => {
  it("finds a Dockerfile's base-image arguments and their defaults", () => {
    const dockerfile = '# The build image\nARG RUST_IMAGE=rust:1.95-slim-bookworm\nARG APP\nFROM ${RUST_IMAGE} AS build\nARG INCREMENTAL=true\n';
    expect(baseImageArguments(dockerfile)).toEqual({ RUST_IMAGE: 'rust:1.95-slim-bookworm' });
  });

  it("pulls base images from a mirror when one is given, Docker Hub's library/ left out", () => {
    expect(mirrored('rust:1.95-slim-bookworm', undefined)).toBe('rust:1.95-slim-bookworm');
    expect(mirrored('postgres:17', 'mirror.example.com/hub')).toBe('mirror.example.com/hub/postgres:17');
    expect(mirrored('docker.io/library/postgres:17', 'mirror.example.com/hub')).toBe('mirror.example.com/hub/postgres:17');
  });
});

describe('the changelog between two releases', () => {
  const changelog = [
    '## 1.5.0 (2026-12-20)\n\n### 🚀 Features\n\n- Recurring sessions.\n',
    '## 1.4.1 (2026-12-10)\n\n### 🩹 Fixes\n\n- Agendas keep their order.\n',
    '## 1.4.0 (2026-12-01)\n\n### 🚀 Features\n\n- Agendas.\n',
  ].join('\n');

  it('holds the entries after the running release, up to the new one, newest first', () => {
    const between = changelogBetween(changelog, '1.4.0', '1.5.0');
    expect(between).toContain('## 1.5.0');
    expect(between).toContain('## 1.4.1');
    expect(between).not.toContain('## 1.4.0');
    expect(between.indexOf('1.5.0')).toBeLessThan(between.indexOf('1.4.1'));
    expect(changelogBetween(changelog, '1.4.0', '1.4.1')).toBe('## 1.4.1 (2026-12-10)\n\n### 🩹 Fixes\n\n- Agendas keep their order.');
  });
});
