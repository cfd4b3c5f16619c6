import { describe, expect, it } from 'vitest';
import { NextTokenClaims, type RecordedRequest, RequestRecorder, redactParams } from '../../../../mock-idp/core/recorder';
import { MemoryStore } from '../../../../mock-idp/core/store';

const request = (n: number, clientId = 'c'): RecordedRequest => ({
  at: String(n),
  method: 'POST',
  path: '/t',
  clientId,
  clientAuth: null,
  contentType: null,
  params: {},
  status: 200,
  error: null,
});

describe('redactParams', () => {
  it('redacts tokens sent for introspection or exchange', () => {
    expect(redactParams({ token: 'eyJ…', access_token: 'x', subject_token: 'y', token_type_hint: 'access_token' })).toEqual({
      token: '[redacted]',
      access_token: '[redacted]',
      subject_token: '[redacted]',
      token_type_hint: 'access_token',
    });
  });

  it('redacts secrets and assertions, keeps the rest', () => {
    expect(redactParams({ client_id: 'a', client_secret: 's', client_assertion: 'jwt', scope: 'x' })).toEqual({
      client_id: 'a',
      client_secret: '[redacted]',
      client_assertion: '[redacted]',
      scope: 'x',
    });
  });
});

describe('RequestRecorder', () => {
  it('keeps the newest requests, oldest first, once full', () => {
    const recorder = new RequestRecorder(new MemoryStore().list('requests', 3));
    for (let n = 1; n <= 5; n++) recorder.add(request(n));
    expect(recorder.list().map((r) => r.at)).toEqual(['3', '4', '5']);
  });

  it('filters by client', () => {
    const recorder = new RequestRecorder();
    recorder.add(request(1, 'a'));
    recorder.add(request(2, 'b'));
    expect(recorder.list({ clientId: 'b' }).map((r) => r.at)).toEqual(['2']);
  });
});

describe('NextTokenClaims', () => {
  it('hands out entries in order, each once, skipping entries for other clients', async () => {
    const queue = new NextTokenClaims();
    queue.push({ a: 1 }, 'other');
    queue.push({ b: 2 });
    expect(await queue.take('me')).toEqual({ b: 2 });
    expect(await queue.take('me')).toBeUndefined();
    expect(await queue.take('other')).toEqual({ a: 1 });
  });
});
