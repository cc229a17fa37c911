import { basename } from 'node:path';
import { isBuiltHere, SERVICE_NAMES, type BuiltService } from '@coaching/platform-model';
import { HELM_CHART } from '../helm/chart';

/**
 * The images a release publishes, by the services this repository builds (db, api, web): each is pushed as
 * `<registry>/<imageName>` (`coaching-api`), and the record names it under its service.
 */
export const RELEASE_IMAGES: readonly BuiltService[] = SERVICE_NAMES.filter(isBuiltHere);

/** The Helm chart's name, which is also its repository in the registry (`helm push` names it so). */
export const CHART_NAME = basename(HELM_CHART.dir);

/**
 * The repository of the release records: one small OCI artifact per version (tag = version) that says which digests
 * make up that release. A server reads it to pull exactly those images, whatever a tag has moved to since.
 */
export const RELEASE_RECORD_REPOSITORY = 'coaching-platform-release';

/** The OCI artifact types a release pushes: its record, and what it attaches to each image it publishes. */
export const ARTIFACT_TYPES = {
  record: 'application/vnd.coaching-platform.release.v1+json',
  sbom: 'application/spdx+json',
  provenance: 'application/vnd.in-toto+json',
} as const;

/** What one published release is made of, each artifact by digest. */
export interface ReleaseRecord {
  version: string;
  /** The commit the release was built from. */
  revision: string;
  /** Each image by its service (`api`), as `registry/namespace/coaching-api@sha256:…`. */
  images: Record<string, string>;
  /** The chart as `registry/namespace/coaching-platform@sha256:…` (oci:// for Helm). */
  chart: string;
  /** The base images the images were built from, by the Dockerfile argument that names each, with their digests. */
  baseImages: Record<string, string>;
}

const PREFIX = 'io.coaching-platform.';
const VERSION = 'org.opencontainers.image.version';
const REVISION = 'org.opencontainers.image.revision';

/** The record as the annotations of its OCI manifest, which `docker buildx imagetools inspect --raw` shows. */
export function recordAnnotations(record: ReleaseRecord): Record<string, string> {
  return {
    [VERSION]: record.version,
    [REVISION]: record.revision,
    ...Object.fromEntries(RELEASE_IMAGES.map((image) => [`${PREFIX}image.${image}`, record.images[image]])),
    [`${PREFIX}chart`]: record.chart,
    ...Object.fromEntries(Object.entries(record.baseImages).map(([argument, image]) => [`${PREFIX}base.${argument}`, image])),
  };
}

/** A pinned reference: `name@sha256:<64 hex>`. */
const BY_DIGEST = /^[a-z0-9][a-z0-9._:/-]*@sha256:[0-9a-f]{64}$/;

/** The record in a release manifest (JSON, as the registry serves it); `where` names it in errors. */
export function recordFromManifest(manifest: string, where: string): ReleaseRecord {
  const annotations = (JSON.parse(manifest) as { annotations?: Record<string, string> }).annotations ?? {};
  const pinned = (key: string): string => {
    const value = annotations[key];
    if (!value || !BY_DIGEST.test(value))
      throw new Error(`${where} is not a release record: ${key} is ${value ?? 'missing'}, not a reference by digest`);
    return value;
  };
  const version = annotations[VERSION];
  if (!version) throw new Error(`${where} is not a release record: it has no ${VERSION}`);
  const baseImages = Object.entries(annotations)
    .filter(([key]) => key.startsWith(`${PREFIX}base.`))
    .map(([key]) => [key.slice(`${PREFIX}base.`.length), pinned(key)]);
  return {
    version,
    revision: annotations[REVISION] ?? 'unknown',
    images: Object.fromEntries(RELEASE_IMAGES.map((image) => [image, pinned(`${PREFIX}image.${image}`)])),
    chart: pinned(`${PREFIX}chart`),
    baseImages: Object.fromEntries(baseImages),
  };
}

/** Where a release's record lives: `<registry>/coaching-platform-release:<version>`. */
export function recordReference(registry: string, version: string): string {
  return `${registry}/${RELEASE_RECORD_REPOSITORY}:${version}`;
}
