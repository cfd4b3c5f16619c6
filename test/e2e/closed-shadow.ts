/**
 * The "Save to dcr-kit" button lives in a closed shadow root: neither the page nor Playwright's locators reach it.
 * The tests reach it the way the browser's DevTools do (CDP with `pierce`), read its box and status, and click it
 * with the real mouse at its centre — a trusted click, as a user's.
 */
import type { CDPSession, Page } from 'playwright-core';
import { expect } from 'vitest';
import { SETTLED_MS } from '../helpers/driver';

interface DomNode {
  nodeId: number;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: DomNode[];
  contentDocument?: DomNode;
}

function findByTestId(node: DomNode, testId: string): DomNode | undefined {
  const attributes = node.attributes ?? [];
  for (let i = 0; i < attributes.length; i += 2) if (attributes[i] === 'data-testid' && attributes[i + 1] === testId) return node;
  for (const child of [...(node.shadowRoots ?? []), ...(node.children ?? [])]) {
    const found = findByTestId(child, testId);
    if (found) return found;
  }
  return undefined;
}

async function call<T>(cdp: CDPSession, nodeId: number, fn: string): Promise<T> {
  const { object } = await cdp.send('DOM.resolveNode', { nodeId });
  const { result } = await cdp.send('Runtime.callFunctionOn', {
    objectId: object.objectId as string,
    functionDeclaration: fn,
    returnByValue: true,
  });
  return result.value as T;
}

export interface SaveButton {
  box(): Promise<{ x: number; y: number; width: number; height: number }>;
  status(): Promise<string>;
  /** The line under the button saying what a click saves. */
  preview(): Promise<string>;
  /** What the button says and whether it looks and acts clickable. */
  state(): Promise<{ text: string; disabled: boolean; cursor: string }>;
  /** A real mouse click at the button's centre. */
  click(): Promise<void>;
  /** A page script's `button.click()` (an untrusted event), had the page a reference to the button. */
  scriptedClick(): Promise<void>;
}

/** Waits for the page's Save button (in its closed shadow root) and returns handles on it. */
export async function saveButton(page: Page): Promise<SaveButton> {
  const cdp = await page.context().newCDPSession(page);
  const nodes = async () => {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    return {
      button: findByTestId(root, 'dcr-kit-save'),
      status: findByTestId(root, 'dcr-kit-save-status'),
      preview: findByTestId(root, 'dcr-kit-save-preview'),
    };
  };
  await expect.poll(async () => (await nodes()).button !== undefined, { timeout: 5000 }).toBe(true);
  const current = async () => {
    const { button, status } = await nodes();
    if (!button || !status) throw new Error('the Save button is gone');
    return { button: button.nodeId, status: status.nodeId };
  };
  const handle: SaveButton = {
    box: async () =>
      call(
        cdp,
        (await current()).button,
        'function () { const r = this.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }',
      ),
    status: async () => call(cdp, (await current()).status, 'function () { return this.textContent; }'),
    preview: async () => {
      const { preview } = await nodes();
      if (!preview) throw new Error('the Save preview is gone');
      return call(cdp, preview.nodeId, 'function () { return this.textContent; }');
    },
    state: async () =>
      call(
        cdp,
        (await current()).button,
        'function () { return { text: this.textContent, disabled: this.disabled, cursor: getComputedStyle(this).cursor }; }',
      ),
    click: async () => {
      // Where a person would click: the button's centre once the page has stopped moving it (two reads 100 ms apart
      // agree), so a late layout change on a loaded machine does not send the click next to it.
      // A button that moved must then stay put for the guard's settling time again, as it would for a person.
      let box = await handle.box();
      let moved = false;
      for (let tries = 0; tries < 20; tries++) {
        await page.waitForTimeout(100);
        const again = await handle.box();
        if (JSON.stringify(again) === JSON.stringify(box)) break;
        box = again;
        moved = true;
      }
      if (moved) await page.waitForTimeout(SETTLED_MS);
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    },
    scriptedClick: async () => call(cdp, (await current()).button, 'function () { this.click(); }'),
  };
  return handle;
}

/** How long a test waits before a click meant to count: one value for both drivers (helpers/driver.ts). */
export { SETTLED_MS };
