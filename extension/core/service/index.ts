/**
 * The extension's service, by feature: each module beside this file is a set of functions of one `Service` (the
 * injected environment, the last errors and the storage queue: context.ts), called by the background's handler
 * table from the module itself. This index gives the layers that only see the service's data (ui/, platform/, the
 * message protocol) its types.
 */
export type { CaptureView } from './captures';
export type { Capture, Environment, HarnessLink, LastError, Pick, Scheduler, Service, Store, TokenListener } from './context';
export type { MenuClick, PickResult, PickView } from './picks';
export type { ProfileView } from './stored';
