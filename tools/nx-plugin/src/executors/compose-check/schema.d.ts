export interface ComposeCheckExecutorOptions {
  files?: string[];
  productionOverrides?: string[];
  network?: string;
}
