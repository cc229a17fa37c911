/** The target takes no options: the release comes from the platform model (MAILPIT_VERSION). */
export type MailpitInstallExecutorOptions = Record<string, never>;
