import { afterEach, describe, expect, it } from 'vitest';

import { parseFrames } from './live';
import { adoptTokenFromAddress, authorization, currentToken, forgetToken } from './token';

describe('the token', () => {
  afterEach(() => {
    sessionStorage.clear();
    window.history.replaceState(null, '', '/');
  });

  it('is taken from the address once, kept for the tab and removed from the address bar', () => {
    window.history.replaceState(null, '', '/?token=mcs_abc&x=1#/usage?agreement=a');
    adoptTokenFromAddress();
    expect(currentToken()).toBe('mcs_abc');
    expect(window.location.search).toBe('?x=1');
    expect(window.location.hash).toBe('#/usage?agreement=a');
    expect(authorization()).toEqual({ Authorization: 'Bearer mcs_abc' });
    // A later address without one keeps it.
    adoptTokenFromAddress();
    expect(currentToken()).toBe('mcs_abc');
    forgetToken();
    expect(authorization()).toEqual({});
  });
});

describe('the event stream', () => {
  it('is split into whole frames, comments left out, the rest kept for later', () => {
    const { frames, rest } = parseFrames(
      'id: 7\nevent: notification\ndata: {"a":1}\n\n: keep-alive\n\nid: 8\nevent: notifi',
    );
    expect(frames).toEqual([{ id: '7', event: 'notification', data: '{"a":1}' }]);
    expect(rest).toBe('id: 8\nevent: notifi');
  });
});
