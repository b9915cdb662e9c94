import { useEffect, useState } from 'react';

import type { Notification } from './api';

export type FeedState = 'connecting' | 'live' | 'reconnecting';

// The live notification feed (Server-Sent Events from /api/notifications/stream). The browser
// reconnects by itself and resumes after the last event it got (Last-Event-ID).
export function useNotificationFeed(onNotification: (n: Notification) => void): FeedState {
  const [state, setState] = useState<FeedState>('connecting');
  useEffect(() => {
    // Only what is published from now on: the history comes from the REST endpoint.
    const source = new EventSource('/api/notifications/stream?after=' + Number.MAX_SAFE_INTEGER);
    source.onopen = () => setState('live');
    source.onerror = () => setState('reconnecting');
    source.addEventListener('notification', (event) => {
      onNotification(JSON.parse((event as MessageEvent<string>).data) as Notification);
    });
    return () => source.close();
  }, [onNotification]);
  return state;
}
