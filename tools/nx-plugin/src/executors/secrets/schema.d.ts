// Takes no options: SECRETS_DIR comes from the environment or .env.
export type SecretsExecutorOptions = Record<string, never>;
