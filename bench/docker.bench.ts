/**
 * Our image build against the deployment spec's strategy (`COPY . .` + `cargo install`, Debian slim runtime), for
 * the same api, in one run: cold build, rebuild after a one-line change in apps/api, runtime image size; then a
 * no-op `nx run-many -t docker-build` and `up` of the built images until every service is healthy.
 * Prints a table and updates the containers section of docs/benchmarks.md.
 *
 *   npx nx run bench:docker          (takes 15-25 minutes: it empties the build cache for the cold builds)
 */
import { workspaceRoot } from '@nx/devkit';
import { run, runNx } from '@coaching/process';
import { freePorts } from '@coaching/runtime';
import { withOneLineChange } from './lib/changes';
import { machine, markdownTable, measuredWith, publish, runScript } from './lib/report';

const shell = { cwd: workspaceRoot };

async function timed(what: string, action: () => Promise<unknown>): Promise<number> {
  process.stdout.write(`${what}... `);
  const started = performance.now();
  await action();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${seconds.toFixed(1)} s`);
  return seconds;
}

function build(file: string, image: string, target?: string): Promise<unknown> {
  const args = ['buildx', 'build', '--load', '-f', file, '-t', image, '--build-context', 'vendor=tmp/cargo-vendor'];
  return run('docker', [...args, ...(target ? ['--target', target, '--build-arg', 'APP=api'] : []), '.'], shell);
}

async function imageSize(image: string): Promise<number> {
  return Number((await run('docker', ['image', 'inspect', image, '--format', '{{.Size}}'], shell)).stdout) / 1e6;
}

async function main(): Promise<void> {
  console.log(`container benchmark on ${machine()}`);
  await runNx(workspaceRoot, ['run', 'platform:cargo-vendor']);
  const ours = { file: 'docker/rust.Dockerfile', image: 'bench-ours-api', target: 'api' };
  const spec = { file: 'bench/docker/spec-strategy.Dockerfile', image: 'bench-spec-api' };
  const emptyBuildCache = () => run('docker', ['builder', 'prune', '--all', '--force'], shell);

  await emptyBuildCache();
  const specCold = await timed('spec strategy, cold build', () => build(spec.file, spec.image));
  await emptyBuildCache();
  const oursCold = await timed('our Dockerfile, cold build', () => build(ours.file, ours.image, ours.target));
  let specRebuild = 0;
  let oursRebuild = 0;
  await withOneLineChange(async () => {
    specRebuild = await timed('spec strategy, rebuild after a one-line change', () => build(spec.file, spec.image));
    oursRebuild = await timed('our Dockerfile, rebuild after a one-line change', () => build(ours.file, ours.image, ours.target));
  });
  const [specSize, oursSize] = [await imageSize(spec.image), await imageSize(ours.image)];

  const dockerBuild = () => runNx(workspaceRoot, ['run-many', '-t', 'docker-build', '-p', 'api,web,db']);
  await dockerBuild();
  const noOp = await timed('no-op nx run-many -t docker-build (api, web, db)', dockerBuild);
  const env = { COMPOSE_PROJECT_NAME: 'coaching_bench', ...(await freePorts()) };
  const platform = (target: string, ...args: string[]) => runNx(workspaceRoot, ['run', `platform:${target}`, '--runtime=docker', ...args], { env });
  await platform('down', '--volumes', '--yes');
  let upSeconds = 0;
  try {
    upSeconds = await timed('up of the built images until all healthy (empty volume)', () => platform('up', '--no-build'));
  } finally {
    await platform('down', '--volumes', '--yes');
    await run('docker', ['image', 'rm', spec.image, ours.image], shell).catch(() => {});
  }

  const rows = [
    { measure: 'cold build of the api image', 'spec strategy': `${specCold.toFixed(0)} s`, ours: `${oursCold.toFixed(0)} s`, target: '' },
    {
      measure: 'rebuild after a one-line change in apps/api',
      'spec strategy': `${specRebuild.toFixed(1)} s`,
      ours: `${oursRebuild.toFixed(1)} s (${(specRebuild / oursRebuild).toFixed(0)}× faster)`,
      target: '≥ 10× faster',
    },
    {
      measure: 'api runtime image size',
      'spec strategy': `${specSize.toFixed(1)} MB`,
      ours: `${oursSize.toFixed(1)} MB (${((oursSize / specSize) * 100).toFixed(0)} %)`,
      target: '≤ 1/4 (25 %), ≤ 35 MB',
    },
    { measure: 'no-op nx run-many -t docker-build (api, web, db)', 'spec strategy': '', ours: `${noOp.toFixed(1)} s`, target: '' },
    { measure: 'up of built images until all healthy', 'spec strategy': '', ours: `${upSeconds.toFixed(1)} s`, target: '≤ 30 s' },
  ];
  await publish(
    'containers',
    'Container images and the Compose stack',
    [
      `${measuredWith('docker')} on ${machine()}, Docker Engine with BuildKit.`,
      'Cold builds start from an empty build cache. Both Dockerfiles build from the same context and the same vendored',
      "crates (build containers here cannot reach crates.io). The spec's strategy is `bench/docker/spec-strategy.Dockerfile`;",
      'its image runs on the local stand-in of debian:bookworm-slim, which is about 70 MB larger than the official one.',
      '`up` starts db, migrate, seed, api and web from an empty volume and returns when every healthcheck passes.',
    ],
    markdownTable(rows),
  );
}

runScript(main);
