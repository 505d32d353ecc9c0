import { useEffect, useState } from 'react';
import { formatDuration } from '../lib/format.js';

/** Seconds since `since`, ticking once a second. */
export function ElapsedTimer({ since }: { since: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return <span className="elapsed">{formatDuration((now - Date.parse(since)) / 1000)}</span>;
}
