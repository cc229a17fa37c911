import { EDGE, isLogSource, isServiceName, SERVICE_NAMES, type LogSource, type ServiceName } from '@coaching/platform-model';

/**
 * The services named on the command line, checked against the platform model (the schemas leave the names to it,
 * so the list is written once).
 */
export function requireServiceNames(names: readonly string[]): ServiceName[] {
  const unknown = names.filter((name) => !isServiceName(name));
  if (unknown.length > 0) {
    const named = unknown.map((name) => `"${name}"`).join(', ');
    throw new Error(`unknown service ${named}; the services are ${SERVICE_NAMES.join(', ')}`);
  }
  return names as ServiceName[];
}

/** The log source named on the command line: a service of the platform model, or production's edge. */
export function requireLogSource(name: string | undefined): LogSource | undefined {
  if (name === undefined || isLogSource(name)) return name;
  throw new Error(`unknown service "${name}"; the services are ${SERVICE_NAMES.join(', ')}, and ${EDGE.name} in production`);
}
