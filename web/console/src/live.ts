import { useEffect, useState } from 'react';

import type { Notification } from './api';
import { authorization, forgetToken } from './token';

export type FeedState = 'connecting' | 'live' | 'reconnecting';

const RETRY_MS = 1000;

// One Server-Sent Events frame: its id, event name and data (RFC 8895 text/event-stream).
export interface Frame {
  id?: string;
  event: string;
  data: string;
}

// Splits text/event-stream `text` into whole frames; returns them and the unfinished rest.
export function parseFrames(text: string): { frames: Frame[]; rest: string } {
  const frames: Frame[] = [];
  const blocks = text.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    const frame: Frame = { event: 'message', data: '' };
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue; // a comment: the server's keep-alive
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'id') frame.id = value;
      else if (field === 'event') frame.event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length > 0) {
      frame.data = data.join('\n');
      frames.push(frame);
    }
  }
  return { frames, rest };
}

// The live notification feed (Server-Sent Events from /api/notifications/stream), read with
// fetch so that it carries the token (EventSource cannot send headers). On a broken connection
// it reconnects and resumes after the last event it got (Last-Event-ID).
export function useNotificationFeed(onNotification: (n: Notification) => void): FeedState {
  const [state, setState] = useState<FeedState>('connecting');
  useEffect(() => {
    const stop = new AbortController();
    // Only what is published from now on: the history comes from the REST endpoint.
    let last = String(Number.MAX_SAFE_INTEGER);
    const follow = async () => {
      while (!stop.signal.aborted) {
        try {
          const response = await fetch('/api/notifications/stream?after=' + last, {
            headers: { ...authorization(), 'Last-Event-ID': last, Accept: 'text/event-stream' },
            signal: stop.signal,
          });
          if (response.status === 401) {
            forgetToken();
            return;
          }
          if (!response.ok || !response.body) throw new Error(String(response.status));
          setState('live');
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffered = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const { frames, rest } = parseFrames(buffered + value);
            buffered = rest;
            for (const frame of frames) {
              if (frame.id) last = frame.id;
              if (frame.event === 'notification') onNotification(JSON.parse(frame.data) as Notification);
            }
          }
        } catch {
          // the connection broke, or the server is away: try again
        }
        if (stop.signal.aborted) return;
        setState('reconnecting');
        await new Promise((resolve) => window.setTimeout(resolve, RETRY_MS));
      }
    };
    void follow();
    return () => stop.abort();
  }, [onNotification]);
  return state;
}
