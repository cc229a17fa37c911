import { publishRelease, RELEASE_IMAGES, type ImageBuild } from '@coaching/deployment';
import { readSettings } from '@coaching/runtime';
import type { ExecutorContext } from '@nx/devkit';
import { Refusal } from '@coaching/use-cases';
import { executor } from '../shared/executor';
import { nxReporter } from '../shared/reporter';
import type { ReleasePublishExecutorOptions } from './schema';

/** Publishes the checked-out release (`nx release publish`): images, SBOMs, provenance, chart and the release record. */
export default executor<ReleasePublishExecutorOptions>('release-publish', async (options, context) => {
  const registry = options.registry ?? readSettings(context.root).releaseRegistry;
  if (!registry) throw new Refusal('Where to? Pass --registry=ghcr.io/<owner> (or set RELEASE_REGISTRY).');
  await publishRelease({
    workspaceRoot: context.root,
    registry,
    builds: RELEASE_IMAGES.map((image) => imageBuild(image, context)),
    plainHttp: options.plainHttp ?? false,
    baseImageMirror: options.baseImageMirror,
    dryRun: options.dryRun ?? process.env['NX_DRY_RUN'] === 'true',
    reporter: nxReporter,
  });
});

/** How `image` is built: its project's docker-build options (their one home). */
function imageBuild(image: ImageBuild['image'], context: ExecutorContext): ImageBuild {
  const options = context.projectsConfigurations?.projects[image]?.targets?.['docker-build']?.options as
    { file?: string; target?: string } | undefined;
  if (!options?.file) throw new Error(`project ${image} has no docker-build target with a file: it is an image of every release`);
  return { image, dockerfile: options.file, target: options.target };
}
