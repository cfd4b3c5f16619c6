import { describe, expect, it } from 'vitest';
import { isCaptureScript, isExtensionPage } from '../../../extension/messaging/sender';

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

describe('isCaptureScript', () => {
  const id = 'abcdefghijklmnopabcdefghijklmnop';
  const origin = `chrome-extension://${id}/`;
  const enabled = ['http://127.0.0.1:4401'];

  it("accepts this extension's content script in a tab of an enabled origin", () => {
    expect(isCaptureScript({ id, url: 'http://127.0.0.1:4401/application/create', tab: {} }, id, origin, enabled)).toBe(true);
  });

  it('refuses an origin the user did not enable, an extension page, another extension, and a sender without a tab', () => {
    expect(isCaptureScript({ id, url: 'http://127.0.0.1:4402/okta', tab: {} }, id, origin, enabled)).toBe(false);
    expect(isCaptureScript({ id, url: `${origin}popup.html`, tab: {} }, id, origin, enabled)).toBe(false);
    expect(isCaptureScript({ id: 'other', url: 'http://127.0.0.1:4401/x', tab: {} }, id, origin, enabled)).toBe(false);
    expect(isCaptureScript({ id, url: 'http://127.0.0.1:4401/x' }, id, origin, enabled)).toBe(false);
  });
});
