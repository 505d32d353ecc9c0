import { StrictMode, useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { createRealtimeClient } from '@callboard/core';
import { CallboardProvider } from '@callboard/react';
import { App, Root, type Session } from './app.js';
import { api, getToken, realtimeUrl } from './lib/session.js';
import './styles.css';

function Dashboard({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  // One client per signed-in session; the provider connects it in an effect and closes it on unmount.
  const client = useMemo(() => createRealtimeClient({ url: realtimeUrl(), token: getToken() }), [session]);
  return (
    <CallboardProvider client={client} api={api}>
      <App session={session} onSignOut={onSignOut} />
    </CallboardProvider>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Root renderDashboard={(session, signOut) => <Dashboard session={session} onSignOut={signOut} />} />
  </StrictMode>,
);
