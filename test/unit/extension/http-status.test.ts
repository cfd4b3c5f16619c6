import { describe, expect, it } from 'vitest';
import { reasonPhrase } from '../../../extension/core/http-status';

describe('reasonPhrase', () => {
  it("names the statuses the console meets with RFC 9110's phrases, and others by their class", () => {
    expect([200, 401, 403, 404, 413, 429, 502].map(reasonPhrase)).toEqual([
      'OK',
      'Unauthorized',
      'Forbidden',
      'Not Found',
      'Content Too Large',
      'Too Many Requests',
      'Bad Gateway',
    ]);
    expect([299, 499, 599, 0].map(reasonPhrase)).toEqual(['Success', 'Client Error', 'Server Error', '']);
  });
});
