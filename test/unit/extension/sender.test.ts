import { describe, expect, it } from 'vitest';
import { isExtensionPage } from '../../../extension/messaging/sender';

describe('isExtensionPage', () => {
  const id = 'abcdefghijklmnopabcdefghijklmnop';
  const origin = `chrome-extension://${id}/`;

  it("accepts the extension's own pages, even opened as a tab", () => {
    expect(isExtensionPage({ id, url: `${origin}popup.html` }, id, origin)).toBe(true);
  });

  it('refuses other extensions, web pages and content scripts of this extension', () => {
    expect(isExtensionPage({ id: 'other', url: `${origin}popup.html` }, id, origin)).toBe(false);
    expect(isExtensionPage({ id, url: 'http://127.0.0.1:4401/my-apps' }, id, origin)).toBe(false);
    expect(isExtensionPage({ id }, id, origin)).toBe(false);
  });
});
