import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { startCapture } from '../capture/content';

// The capture content script, registered at run time only for origins the user enabled
// (scripting.registerContentScripts in platform/capture.ts), never in the manifest. An unlisted script rather than a
// WXT content script: WXT's content-script context imports webextension-polyfill, which would double its size.
export default defineUnlistedScript(() => {
  startCapture();
});
