/**
 * The extension's service, by feature: each module is a set of functions of one `Service` (the injected environment,
 * the last errors and the storage queue, in context.ts). The background's handler table calls them.
 */
export * from './captures';
export * from './console';
export * from './context';
export * from './developer-portal';
export * from './profile-admin';
export * from './registration';
export * from './reporting';
export * from './stored';
export * from './tokens';
