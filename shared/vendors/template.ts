/** Expands `{name}` placeholders. Throws on a placeholder without a value, so no half-built URL escapes. */
export function expandTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === '') {
      throw new Error(`missing value for {${name}} in ${template}`);
    }
    return value;
  });
}

/** The placeholder names a template uses, in order. */
export function templateParams(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1] as string);
}

/** Turns a path template into a router pattern: `/oauth2/{authServerId}/v1/token` → `/oauth2/:authServerId/v1/token`. */
export function routePattern(pathTemplate: string): string {
  return pathTemplate.replace(/\{(\w+)\}/g, ':$1');
}
