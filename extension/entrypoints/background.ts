import { defineBackground } from 'wxt/utils/define-background';
import { startBackground } from '../messaging/background';

// Thin entrypoint: WXT imports this file in Node at build time, so nothing runs at module top level.
export default defineBackground(() => {
  startBackground();
});
