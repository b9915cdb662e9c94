import { useState, type FormEvent } from 'react';

import { setToken } from '../token';

// Asks for the token the API needs, where a page would otherwise show its data.
export function TokenForm() {
  const [text, setText] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // The whole address mobilecs printed may be pasted too.
    const match = /[?&]token=([^&#]+)/.exec(text);
    setToken(match ? decodeURIComponent(match[1]) : text);
  };
  return (
    <section aria-labelledby="token-title" className="card token">
      <h1 id="token-title">This mobilecs needs a token</h1>
      <p>
        Every page reads usage data, which mobilecs shows only to holders of a token. Paste the
        address <code>mobilecs run --http</code> printed when it started (it ends in{' '}
        <code>?token=…</code>), or the token your operator gave you. It is kept for this tab only.
      </p>
      <form onSubmit={submit} className="search">
        <label htmlFor="token">Token</label>
        <input
          id="token"
          type="password"
          autoComplete="off"
          value={text}
          onChange={(event) => setText(event.target.value)}
        />
        <button type="submit" disabled={!text.trim()}>
          Use token
        </button>
      </form>
    </section>
  );
}
