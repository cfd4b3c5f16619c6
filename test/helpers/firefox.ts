/** Where Debian's firefox-esr and the built Firefox extension are (test/helpers/driver.ts launches them). */
import { resolve } from 'node:path';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_BUILD = resolve(import.meta.dirname, '../../.output/firefox-mv3');
