/**
 * Microsoft Graph `PATCH /v1.0/applications/{id}`: which properties it may change and the kind of value each takes
 * (learn.microsoft.com/graph/api/application-update, its properties table).
 */
/**
 * What PATCH /applications/{id} may change, and the kind of value each takes (application-update.md's table;
 * passwordCredentials is refused there: "Using PATCH to set passwordCredential is not supported").
 */
export const WRITABLE: Record<string, 'name' | 'string' | 'collection' | 'complex' | 'boolean'> = {
  displayName: 'name',
  description: 'string',
  notes: 'string',
  groupMembershipClaims: 'string',
  signInAudience: 'string',
  tokenEncryptionKeyId: 'string',
  identifierUris: 'collection',
  tags: 'collection',
  appRoles: 'collection',
  keyCredentials: 'collection',
  requiredResourceAccess: 'collection',
  api: 'complex',
  info: 'complex',
  optionalClaims: 'complex',
  parentalControlSettings: 'complex',
  publicClient: 'complex',
  spa: 'complex',
  web: 'complex',
  isFallbackPublicClient: 'boolean',
  isDeviceOnlyAuthSupported: 'boolean',
};

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validValue(kind: (typeof WRITABLE)[string], property: string, value: unknown): boolean {
  switch (kind) {
    case 'name':
      return typeof value === 'string' && value.trim() !== '';
    case 'string':
      return value === null || typeof value === 'string';
    case 'boolean':
      return value === null || typeof value === 'boolean';
    case 'complex':
      return isObject(value);
    case 'collection':
      return Array.isArray(value) && (property !== 'requiredResourceAccess' || value.every(isResourceAccess));
  }
}

/** `{"resourceAppId":"…","resourceAccess":[{"id":"…","type":"Scope"|"Role"}]}` (requiredResourceAccess.md). */
function isResourceAccess(entry: unknown): boolean {
  return (
    isObject(entry) &&
    typeof entry.resourceAppId === 'string' &&
    Array.isArray(entry.resourceAccess) &&
    entry.resourceAccess.every((a) => isObject(a) && typeof a.id === 'string' && (a.type === 'Scope' || a.type === 'Role'))
  );
}
