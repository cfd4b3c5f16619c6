/** The extension's end-to-end scenarios in Debian's Chromium (the same bodies run in Firefox: extension.firefox.test.ts). */
import { useHarness } from '../../mock-idp/vitest';
import { consoleScenarios } from './scenarios/console';
import { portalScenarios } from './scenarios/portal';
import { extensionSuite } from './scenarios/suite';
import { tokenScenarios } from './scenarios/tokens';

const suite = extensionSuite('chromium', useHarness({}, { resetBeforeEach: false }));
tokenScenarios(suite);
consoleScenarios(suite);
portalScenarios(suite);
