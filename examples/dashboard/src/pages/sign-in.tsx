import { useState } from 'react';
import { api, setToken } from '../lib/session.js';

/** Asks for a dashboard token (or API key) when the server requires one, and checks it before keeping it. */
export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string>();
  return (
    <section className="sign-in">
      <h1>Sign in</h1>
      <p className="muted">This server needs a dashboard token. Ask an admin to mint one with the `read` scope (or use an API key).</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setToken(value.trim());
          api.stats().then(onSignedIn, (e: Error) => {
            setToken(undefined);
            setError(e.message);
          });
        }}
      >
        <input type="password" name="token" aria-label="Token" value={value} onChange={(e) => setValue(e.target.value)} placeholder="cb1.… or API key" required />
        <button type="submit">Sign in</button>
      </form>
      {error ? <p className="error">{error}</p> : null}
    </section>
  );
}
