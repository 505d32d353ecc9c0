import { useEffect, useState } from 'react';
import { ConnectionIndicator } from './components/connection-indicator.js';
import { AnalyticsPage } from './pages/analytics.js';
import { CallDetailPage } from './pages/call-detail.js';
import { CallLogPage } from './pages/call-log.js';
import { LiveCallsPage } from './pages/live-calls.js';
import { SignInPage } from './pages/sign-in.js';
import { navigate, useLocation } from './lib/router.js';
import { getToken, setToken } from './lib/session.js';

/** What the signed-in credential may do, from `GET /api/me`. */
export interface Session {
  scopes: string[];
  devMode: boolean;
}

/** Loads the session; undefined while loading, null when signing in is needed. */
export async function loadSession(): Promise<Session | null> {
  const token = getToken();
  const response = await fetch('/api/me', { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (response.status === 401 || response.status === 403) return null;
  if (!response.ok) throw new Error(`The server answered ${response.status}`);
  return (await response.json()) as Session;
}

const NAV = [
  { path: '/', label: 'Live calls' },
  { path: '/calls', label: 'Call log' },
  { path: '/analytics', label: 'Analytics' },
];

/** The dashboard shell: navigation, connection indicator and the page for the current URL. */
export function App({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { path } = useLocation();
  const isAdmin = session.scopes.includes('admin');
  const detail = /^\/calls\/(.+)$/.exec(path);
  return (
    <div className="shell">
      <nav className="topbar">
        <span className="brand">Callboard</span>
        {NAV.map((item) => (
          <a
            key={item.path}
            href={item.path}
            className={path === item.path || (item.path !== '/' && path.startsWith(item.path)) ? 'active' : ''}
            onClick={(event) => {
              event.preventDefault();
              navigate(item.path);
            }}
          >
            {item.label}
          </a>
        ))}
        <span className="spacer" />
        <ConnectionIndicator />
        {session.devMode ? <span className="badge">dev mode</span> : (
          <button type="button" className="link" onClick={onSignOut}>
            Sign out
          </button>
        )}
      </nav>
      <main>
        {detail ? (
          <CallDetailPage id={decodeURIComponent(detail[1]!)} isAdmin={isAdmin} />
        ) : path === '/calls' ? (
          <CallLogPage />
        ) : path === '/analytics' ? (
          <AnalyticsPage />
        ) : (
          <LiveCallsPage isAdmin={isAdmin} />
        )}
      </main>
    </div>
  );
}

/** Decides between the sign-in page and the dashboard. */
export function Root({ renderDashboard }: { renderDashboard: (session: Session, signOut: () => void) => React.ReactNode }) {
  const [session, setSession] = useState<Session | null | undefined>(undefined);
  const [error, setError] = useState<string>();
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    loadSession().then(setSession, (e: Error) => setError(e.message));
  }, [attempt]);
  if (error) return <p className="error">{error}</p>;
  if (session === undefined) return <p className="muted">Loading…</p>;
  if (session === null) return <SignInPage onSignedIn={() => setAttempt((n) => n + 1)} />;
  return (
    <>
      {renderDashboard(session, () => {
        setToken(undefined);
        setSession(null);
      })}
    </>
  );
}
