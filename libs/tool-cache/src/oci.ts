import type { Reporter } from '@coaching/process';
import { installedTool, type CachedTool } from './cache';
import { goTool } from './go';

/**
 * The OCI tools a release is published with (none runs on a server: it pulls with Docker). Each is a Go module,
 * installed once per machine with `go install`.
 */
const TOOLS = {
  /** crane (go-containerregistry): digests of base images and of what was pushed; `crane registry serve` in tests. */
  crane: goTool('crane', 'github.com/google/go-containerregistry/cmd/crane', 'v0.22.1', 'crane', 'reading and serving OCI registries'),
  /** ORAS: pushes the release record and attaches each image's SBOM and provenance as OCI referrers. */
  oras: goTool('ORAS', 'oras.land/oras/cmd/oras', 'v1.3.6', 'oras', 'pushing artifacts to OCI registries'),
  /** Syft: the software bill of materials (SPDX) of each published image. */
  syft: goTool('Syft', 'github.com/anchore/syft/cmd/syft', 'v1.57.2', 'syft', 'software bills of materials'),
} satisfies Record<string, CachedTool>;

export type OciToolName = keyof typeof TOOLS;

export const OCI_TOOLS: Readonly<Record<OciToolName, CachedTool>> = TOOLS;

/** The program `name`, installed on first use. */
export function ociTool(name: OciToolName, reporter: Reporter): Promise<string> {
  return installedTool(TOOLS[name], reporter);
}
