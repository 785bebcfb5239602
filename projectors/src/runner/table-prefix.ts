/**
 * The prefix of a projection build's tables in chronicle_read: `<name>_v<version>` for a version's first
 * build (generation 1, as tables were named before runtime rebuilds), `<name>_v<version>_g<n>` for the
 * rebuilds after it, so every copy has tables of its own.
 */
export function tablePrefix(name: string, version: number, generation = 1): string {
  return generation === 1 ? `${name}_v${version}` : `${name}_v${version}_g${generation}`;
}
