/**
 * A value built on its first use. The harness's zod schemas are built this way: building them all costs about as
 * much as importing zod itself (~40 ms on a 2-core VM), and a start without a config file or fault rules — the
 * path to a first token — needs none of them.
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}
