/** Folded state as JSON: Maps become objects and Sets arrays (the domain's state uses both). */
export function plainJson(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, item: unknown) => {
      if (item instanceof Map) return Object.fromEntries(item);
      if (item instanceof Set) return [...item];
      return item;
    }),
  );
}
