/** What the end-to-end tests and the benchmarks share to drive a real platform: never imported by the platform itself. */
export { startTemporaryPlatform, type TemporaryPlatform } from './temporary-platform';
export { nx, nxIn, platformTargets, settingsWith, type NxOutcome } from './nx';
export { apiLogin, webLogin } from './logins';
export { Mailbox, sendTestMail, type Mail } from './mailbox';
export { KubernetesSimulation, podUrl, type Pod } from './kubernetes-sim';
export {
  API_REPLICAS,
  appliedIn,
  killOneApi,
  LOAD_CONNECTIONS,
  recordedMigrations,
  rollApis,
  startScaleOut,
  underLoad,
  WEB_REPLICAS,
  type ScaleOut,
} from './scale-out';
