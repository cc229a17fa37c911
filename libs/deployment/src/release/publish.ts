import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { imageName } from '@coaching/platform-model';
import { run, runNx, type Reporter } from '@coaching/process';
import { helm, ociTool, type OciToolName } from '@coaching/tool-cache';
import { HELM_CHART } from '../helm/chart';
import { ARTIFACT_TYPES, CHART_NAME, recordAnnotations, recordReference, RELEASE_IMAGES, type ReleaseRecord } from './record';
import { workspaceVersion } from './version';

/** How one image of the release is built: its Dockerfile and target (the project's docker-build options). */
export interface ImageBuild {
  /** The service (and Nx project) it is the image of: `api`; its repository is the model's name, `coaching-api`. */
  image: (typeof RELEASE_IMAGES)[number];
  /** Relative to the workspace root. */
  dockerfile: string;
  target?: string;
}

export interface PublishOptions {
  workspaceRoot: string;
  /** Registry and namespace the release goes to, e.g. ghcr.io/my-org. */
  registry: string;
  /** How each image of RELEASE_IMAGES is built. */
  builds: readonly ImageBuild[];
  /** A registry without TLS (a local one): the OCI tools then speak plain HTTP to it. */
  plainHttp: boolean;
  /**
   * Where the base images are pulled from instead of their own registries, e.g. a mirror of Docker Hub
   * (`mirror.example.com/library` makes `rust:1.95-slim-bookworm` `mirror.example.com/library/rust:1.95-slim-bookworm`).
   */
  baseImageMirror?: string;
  /** Say what would be published, publish nothing. */
  dryRun: boolean;
  reporter: Reporter;
}

/** A Dockerfile's base-image arguments with their defaults: `ARG RUST_IMAGE=rust:1.95-slim-bookworm`. */
export function baseImageArguments(dockerfile: string): Record<string, string> {
  const found = [...dockerfile.matchAll(/^ARG\s+([A-Z0-9_]+_IMAGE)=(\S+)\s*$/gm)].map((match) => [match[1], match[2]]);
  return Object.fromEntries(found);
}

/** Where a base image is pulled from: its own reference, or the mirror's copy of it (Docker Hub's `library/` dropped). */
export function mirrored(image: string, mirror: string | undefined): string {
  if (!mirror) return image;
  return `${mirror}/${image.replace(/^(docker\.io\/)?(library\/)?/, '')}`;
}

/**
 * Publishes the checked-out release: resolves the base images to digests, builds and pushes the api, web and db
 * images (tagged with the version and the commit), records an SBOM (SPDX, by Syft) and a build provenance statement
 * (in-toto, SLSA v1) for each and attaches both to it as OCI referrers, pushes the Helm chart, and last the release
 * record that names all of them by digest: a server installs exactly what that record says. Returns the record.
 */
export async function publishRelease(options: PublishOptions): Promise<ReleaseRecord | undefined> {
  const root = options.workspaceRoot;
  const version = workspaceVersion(root);
  const revision = await releaseRevision(root, version);
  const startedOn = new Date().toISOString();
  const say = (line: string) => options.reporter.info(options.dryRun ? `[dry run] ${line}` : line);
  const craneFlags = options.plainHttp ? ['--insecure'] : [];
  // Installed first, a dry run included: a release workflow installs them before it holds any credential.
  const tools = await publishingTools(options.reporter);

  const baseImages: Record<string, string> = {};
  for (const build of options.builds) {
    for (const [argument, image] of Object.entries(baseImageArguments(await readFile(join(root, build.dockerfile), 'utf8')))) {
      if (argument in baseImages) continue;
      const source = mirrored(image, options.baseImageMirror);
      if (options.dryRun) {
        say(`would pin ${argument}=${source} to its digest`);
        continue;
      }
      const digest = (await run(tools.crane, ['digest', source, ...craneFlags], { cwd: root })).stdout.trim();
      baseImages[argument] = `${source.replace(/:[^:/]+$/, '')}@${digest}`;
      say(`Base image ${argument}: ${baseImages[argument]} (${image})`);
    }
  }

  const images = RELEASE_IMAGES.map((image) => `${options.registry}/${imageName(image)}:${version}`);
  if (options.dryRun) {
    say(`would build and push ${images.join(', ')} (and :${revision.slice(0, 12)}), each with an SBOM and a provenance statement`);
    say(`would push the chart to oci://${options.registry}/${CHART_NAME}:${version} and the record to ${recordReference(options.registry, version)}`);
    return undefined;
  }

  say(`Building and pushing ${images.join(', ')}`);
  await runNx(
    root,
    [
      'run-many',
      '--targets=docker-build',
      `--projects=${RELEASE_IMAGES.join(',')}`,
      `--registry=${options.registry}`,
      `--baseImages=${Object.entries(baseImages)
        .map(([argument, image]) => `${argument}=${image}`)
        .join(',')}`,
      '--output-style=stream-without-prefixes',
    ],
    { stdio: 'inherit' },
  );

  const work = await mkdtemp(join(tmpdir(), 'release-'));
  try {
    const pushed: Record<string, string> = {};
    for (const build of options.builds) {
      const repository = `${options.registry}/${imageName(build.image)}`;
      const digest = (await run(tools.crane, ['digest', `${repository}:${version}`, ...craneFlags], { cwd: root })).stdout.trim();
      pushed[build.image] = `${repository}@${digest}`;
      say(`Pushed ${pushed[build.image]}`);
      await attachSbom(pushed[build.image], work, tools, options);
      const statement = provenance({ subject: repository, digest, build, version, revision, baseImages, startedOn, source: await sourceUrl(root) });
      await attach(
        pushed[build.image],
        work,
        tools,
        'provenance.intoto.json',
        ARTIFACT_TYPES.provenance,
        JSON.stringify(statement, null, 2),
        options,
      );
      say(`  attached its SBOM (SPDX) and provenance (in-toto, SLSA v1)`);
    }
    const chart = await pushChart(root, work, tools, options);
    say(`Pushed the chart ${chart}`);
    const record: ReleaseRecord = { version, revision, images: pushed, chart, baseImages };
    await pushRecord(record, work, tools, options);
    say(`Published release ${version}: ${recordReference(options.registry, version)}`);
    return record;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The programs a release is published with. */
interface PublishingTools {
  crane: string;
  oras: string;
  syft: string;
  helm: string;
}

async function publishingTools(reporter: Reporter): Promise<PublishingTools> {
  const oci = (name: OciToolName) => ociTool(name, reporter);
  return { crane: await oci('crane'), oras: await oci('oras'), syft: await oci('syft'), helm: await helm(reporter) };
}

/** The commit tagged `v<version>`; refuses a release whose tag is missing, elsewhere, or whose tree has local changes. */
async function releaseRevision(root: string, version: string): Promise<string> {
  const head = (await run('git', ['rev-parse', 'HEAD'], { cwd: root })).stdout.trim();
  const tagged = await run('git', ['rev-parse', '--verify', '--quiet', `v${version}^{commit}`], { cwd: root }).then(
    (result) => result.stdout.trim(),
    () => undefined,
  );
  if (tagged !== head) {
    throw new Error(
      tagged
        ? `v${version} is commit ${tagged.slice(0, 12)}, not the checked-out ${head.slice(0, 12)}: check out the tag to publish it`
        : `there is no tag v${version} (Cargo.toml's version): cut the release first (npx nx release --skip-publish, docs/releases.md)`,
    );
  }
  const changes = (await run('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root })).stdout.trim();
  if (changes) throw new Error(`the working tree differs from v${version}; a release is built from its tag alone:\n${changes}`);
  return head;
}

/** The repository the release comes from, as git's origin names it. */
function sourceUrl(root: string): Promise<string> {
  return run('git', ['remote', 'get-url', 'origin'], { cwd: root }).then(
    (result) => result.stdout.trim(),
    () => 'unknown',
  );
}

/** Writes `content` as `file` and attaches it to `subject` (by digest) as an artifact of `artifactType`. */
async function attach(
  subject: string,
  work: string,
  tools: PublishingTools,
  file: string,
  artifactType: string,
  content: string,
  options: PublishOptions,
): Promise<void> {
  await writeFile(join(work, file), content);
  const plain = options.plainHttp ? ['--plain-http'] : [];
  await run(tools.oras, ['attach', ...plain, '--artifact-type', artifactType, subject, `${file}:${artifactType}`], { cwd: work });
}

/** The image's software bill of materials (SPDX JSON, by Syft from the pushed image), attached to it. */
async function attachSbom(subject: string, work: string, tools: PublishingTools, options: PublishOptions): Promise<void> {
  const env = options.plainHttp ? { SYFT_REGISTRY_INSECURE_USE_HTTP: 'true' } : {};
  const { stdout } = await run(tools.syft, ['scan', `registry:${subject}`, '--output', 'spdx-json', '--quiet'], { cwd: work, env });
  await attach(subject, work, tools, 'sbom.spdx.json', ARTIFACT_TYPES.sbom, stdout, options);
}

interface ProvenanceFacts {
  subject: string;
  digest: string;
  build: ImageBuild;
  version: string;
  revision: string;
  baseImages: Record<string, string>;
  startedOn: string;
  source: string;
}

/**
 * An in-toto statement with SLSA v1 provenance: which source (commit), Dockerfile, target and base images (by
 * digest) the image was built from, and by whom (the GitHub Actions run, or this machine).
 */
export function provenance(facts: ProvenanceFacts): object {
  const actions = process.env['GITHUB_RUN_ID']
    ? `${process.env['GITHUB_SERVER_URL']}/${process.env['GITHUB_REPOSITORY']}/actions/runs/${process.env['GITHUB_RUN_ID']}`
    : undefined;
  const [algorithm, hex] = facts.digest.split(':');
  return {
    _type: 'https://in-toto.io/Statement/v1',
    subject: [{ name: facts.subject, digest: { [algorithm]: hex } }],
    predicateType: 'https://slsa.dev/provenance/v1',
    predicate: {
      buildDefinition: {
        buildType: 'urn:coaching-platform:release:docker-build:v1',
        externalParameters: {
          source: facts.source,
          ref: `refs/tags/v${facts.version}`,
          dockerfile: facts.build.dockerfile,
          target: facts.build.target,
        },
        internalParameters: { buildArgs: { SOURCE_DATE_EPOCH: '0', ...facts.baseImages } },
        resolvedDependencies: [
          { uri: `git+${facts.source}@refs/tags/v${facts.version}`, digest: { gitCommit: facts.revision } },
          ...Object.values(facts.baseImages).map((image) => {
            const [name, digest] = image.split('@');
            return { uri: name, digest: { [digest.split(':')[0]]: digest.split(':')[1] } };
          }),
        ],
      },
      runDetails: {
        builder: { id: actions ?? `urn:coaching-platform:builder:${hostname()}` },
        metadata: { startedOn: facts.startedOn, finishedOn: new Date().toISOString() },
      },
    },
  };
}

/** Packages the chart (Chart.yaml holds the release's version) and pushes it; returns it by digest. */
async function pushChart(root: string, work: string, tools: PublishingTools, options: PublishOptions): Promise<string> {
  const program = tools.helm;
  const packaged = await run(program, ['package', join(root, HELM_CHART.dir), '--destination', work], { cwd: root });
  const archive = /saved it to: (.+)$/m.exec(packaged.stdout)?.[1];
  if (!archive) throw new Error(`helm package said nothing about where it saved the chart: ${packaged.stdout}`);
  const plain = options.plainHttp ? ['--plain-http'] : [];
  const pushed = await run(program, ['push', archive, `oci://${options.registry}`, ...plain], { cwd: root });
  const digest = /Digest: (sha256:[0-9a-f]{64})/.exec(`${pushed.stdout}\n${pushed.stderr}`)?.[1];
  if (!digest) throw new Error(`helm push said nothing about the chart's digest: ${pushed.stdout}${pushed.stderr}`);
  return `${options.registry}/${CHART_NAME}@${digest}`;
}

/** Pushes the record: its JSON as the one file, its facts as the manifest's annotations (what servers read). */
async function pushRecord(record: ReleaseRecord, work: string, tools: PublishingTools, options: PublishOptions): Promise<void> {
  await writeFile(join(work, 'release.json'), JSON.stringify(record, null, 2));
  const annotations = Object.entries(recordAnnotations(record)).flatMap(([key, value]) => ['--annotation', `${key}=${value}`]);
  const plain = options.plainHttp ? ['--plain-http'] : [];
  await run(
    tools.oras,
    [
      'push',
      ...plain,
      '--artifact-type',
      ARTIFACT_TYPES.record,
      ...annotations,
      recordReference(options.registry, record.version),
      'release.json:application/json',
    ],
    { cwd: work },
  );
}
