/** A build as logs, errors and ops name it: `timeseries v2`, or `timeseries v1 generation 3` for a rebuild. */
export function buildName(build: { name: string; version: number; generation: number }): string {
  const { name, version, generation } = build;
  return generation === 1 ? `${name} v${version}` : `${name} v${version} generation ${generation}`;
}
