import { useEffect, useState } from 'react';

// The console's address lives in the URL's hash (#/usage?agreement=...), so every page can be
// linked to and reloaded, and the server only ever serves /.
export interface Route {
  page: 'overview' | 'usage' | 'notifications' | 'pipeline' | 'audit';
  params: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const page =
    path === 'usage' || path === 'notifications' || path === 'pipeline' || path === 'audit'
      ? path
      : 'overview';
  return { page, params: new URLSearchParams(query) };
}

export function href(page: Route['page'], params: Record<string, string | number | undefined> = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return `#/${page}${text ? `?${text}` : ''}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function navigate(page: Route['page'], params: Record<string, string | number | undefined>) {
  window.location.hash = href(page, params);
}
