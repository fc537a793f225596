import { FormEvent, useState } from 'react';
import { Api } from '../api';

export function SignIn({ onSignIn }: { onSignIn: (key: string) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await new Api(key.trim()).agents(); // checks the key before keeping it
      onSignIn(key.trim());
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <main className="signin">
      <h1>Forkline playground</h1>
      <form onSubmit={submit}>
        <label htmlFor="api-key">API key</label>
        <input id="api-key" type="password" autoComplete="off" value={key} onChange={(e) => setKey(e.target.value)} required />
        <button type="submit">Sign in</button>
        <p className="hint">The key stays in this tab&apos;s session storage only.</p>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
