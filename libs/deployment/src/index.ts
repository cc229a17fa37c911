/** How the platform is shipped: the Compose files and their checks, the Helm chart rendered and typed, releases. */
export { interpolate, parseCompose, readCompose, type ComposeFile } from './compose/model';
export { checkAgainstModel, checkCompose, checkProductionOverride, type Finding } from './compose/check';
export { HELM_CHART, HELM_REQUIRED_SETTINGS, KUBERNETES_VERSIONS } from './helm/chart';
export { HELM_RELEASE, named, renderChart, type Container, type K8sObject, type Labels, type PodSpec } from './helm/manifests';
export { byPrecedence, compareReleases, isReleaseVersion, newestRelease, workspaceVersion } from './release/version';
export {
  ARTIFACT_TYPES,
  CHART_NAME,
  RELEASE_IMAGES,
  RELEASE_RECORD_REPOSITORY,
  recordFromManifest,
  recordReference,
  type ReleaseRecord,
} from './release/record';
export { RELEASES_DIR, releaseImageVariables, releaseRecord } from './release/installed';
export { baseImageArguments, mirrored, publishRelease, type ImageBuild, type PublishOptions } from './release/publish';
export { changelogBetween, changelogOf, checkoutRelease, fetchReleases, localChanges, migrationsOf, MIGRATIONS_DIR, releaseTag } from './release/git';
export { readEnvContracts, settingOf, type EnvContracts, type Setting } from './env/contract';
export { disagreementsWithModel, modelDefaults } from './env/agreement';
export { CHART_BINDINGS, COMPOSE_APP_SERVICES, COMPOSE_BUILT_IMAGES, COMPOSE_PRODUCTION_BINDINGS, imageVariable } from './env/bindings';
export { builtImage, GENERATED_FILES } from './env/render';
