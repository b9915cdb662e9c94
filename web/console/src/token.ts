import { useEffect, useState } from 'react';

// The bearer token the console sends with every request. It comes from the address once
// (`/?token=...`, as mobilecs prints it) and is then kept for this browser tab only
// (sessionStorage), and taken out of the address bar so it is not bookmarked, shared or left in
// the history. A page without one asks for it.
const KEY = 'mobilecs-token';
const listeners = new Set<() => void>();

function changed() {
  for (const listener of listeners) listener();
}

// Moves a token from the address into this tab's storage; call once, before the first request.
export function adoptTokenFromAddress() {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token === null) return;
  if (token) sessionStorage.setItem(KEY, token);
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

export function currentToken(): string | null {
  return sessionStorage.getItem(KEY);
}

export function setToken(token: string) {
  sessionStorage.setItem(KEY, token.trim());
  changed();
}

// The server refused the token (expired, revoked): ask for another.
export function forgetToken() {
  sessionStorage.removeItem(KEY);
  changed();
}

export function authorization(): Record<string, string> {
  const token = currentToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

export function useToken(): string | null {
  const [token, setState] = useState(currentToken);
  useEffect(() => {
    const update = () => setState(currentToken());
    listeners.add(update);
    return () => {
      listeners.delete(update);
    };
  }, []);
  return token;
}
