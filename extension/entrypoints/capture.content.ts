import { defineContentScript } from 'wxt/utils/define-content-script';
import { startCapture } from '../capture/content';

// Registered at run time, only for origins the user enabled (scripting.registerContentScripts), never in the manifest.
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  runAt: 'document_idle',
  main() {
    startCapture();
  },
});
