/**
 * The client schema of Auth0's Management API as the harness checks it (shared/reference/vendors.md §1.4): which
 * properties a create or update body may carry and the validator's wording when one is wrong.
 */
import { invalidBody } from './errors';

const APP_TYPES = new Set(['native', 'spa', 'regular_web', 'non_interactive', 'rms', 'box', 'cloud', 'expo', 'sso_integration']);
const AUTH_METHODS = new Set(['none', 'client_secret_post', 'client_secret_basic']);
/** Properties of the client schema the harness accepts; others get "Additional properties not allowed". */
const CLIENT_PROPERTIES = new Set([
  'name',
  'description',
  'logo_uri',
  'callbacks',
  'allowed_origins',
  'web_origins',
  'client_aliases',
  'allowed_clients',
  'allowed_logout_urls',
  'grant_types',
  'token_endpoint_auth_method',
  'app_type',
  'is_first_party',
  'oidc_conformant',
  'jwt_configuration',
  'client_metadata',
  'custom_login_page_on',
  'initiate_login_uri',
  'sso',
  'sso_disabled',
  'cross_origin_auth',
  'organization_usage',
  'organization_require_behavior',
  'refresh_token',
]);

/** JSON Schema's name for a value's type, as Auth0's validator words it. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && Number.isInteger(value) ? 'integer' : typeof value;
}

export function stringArray(value: unknown, property: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw invalidBody(`'Expected type array of strings' on property ${property}.`);
  }
  return value as string[];
}

/** Validates the client fields present in a create or update body; nothing is stored when one is wrong. */
export function validateClientFields(body: Record<string, unknown>): Record<string, unknown> {
  const extra = Object.keys(body).find((k) => !CLIENT_PROPERTIES.has(k));
  if (extra) throw invalidBody(`'Additional properties not allowed: ${extra}'.`);
  if (body.name !== undefined && (typeof body.name !== 'string' || body.name.length === 0)) {
    throw invalidBody("'String is too short (0 chars), minimum 1' on property name (The name of the client).");
  }
  if (body.description !== undefined && typeof body.description !== 'string')
    throw invalidBody("'Expected type string' on property description.");
  if (body.app_type !== undefined && (typeof body.app_type !== 'string' || !APP_TYPES.has(body.app_type))) {
    throw invalidBody(`'No enum match for: ${JSON.stringify(body.app_type)}' on property app_type.`);
  }
  if (
    body.token_endpoint_auth_method !== undefined &&
    (typeof body.token_endpoint_auth_method !== 'string' || !AUTH_METHODS.has(body.token_endpoint_auth_method))
  ) {
    throw invalidBody(
      `'No enum match for: ${JSON.stringify(body.token_endpoint_auth_method)}' on property token_endpoint_auth_method.`,
    );
  }
  if (body.is_first_party !== undefined && typeof body.is_first_party !== 'boolean') {
    throw invalidBody(`'Expected type boolean but found type ${jsonType(body.is_first_party)}' on property is_first_party.`);
  }
  if (body.grant_types !== undefined) stringArray(body.grant_types, 'grant_types');
  if (body.callbacks !== undefined) stringArray(body.callbacks, 'callbacks');
  if (body.client_metadata !== undefined) {
    const metadata = body.client_metadata;
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw invalidBody("'Expected type object' on property client_metadata.");
    }
    // vendors.md §1.4: client_metadata values must be strings.
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== 'string')
        throw invalidBody(`'Expected type string but found type ${typeof value}' on property client_metadata.${key}.`);
    }
  }
  return body;
}

// Auth0 docs, "Application Grant Types": applications created through the API without grant_types get these.
export const DEFAULT_GRANT_TYPES = ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'];
