/** Times as people read them: the local clock time and how far away it is ("14:32, in 59 min"). */

/** "in 59 min", "3 min ago", "in 45 s", "in 2 h 5 min", "2 days ago". */
export function relative(target: number, now: number): string {
  const ms = target - now;
  if (Math.abs(ms) < 1000) return 'just now';
  // Whole units, rounded toward zero: 86,399.5 s left is "23 h 59 min", not "1 day".
  const s = Math.floor(Math.abs(ms) / 1000);
  let text: string;
  if (s < 60) text = `${s} s`;
  else if (s < 3600) text = `${Math.floor(s / 60)} min`;
  else if (s < 86_400) {
    const m = Math.floor((s % 3600) / 60);
    text = `${Math.floor(s / 3600)} h${m ? ` ${m} min` : ''}`;
  } else {
    const d = Math.floor(s / 86_400);
    text = `${d} ${d === 1 ? 'day' : 'days'}`;
  }
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}

/** The local clock time; with the date when it is not today. */
export function localTime(at: number, now: number): string {
  const date = new Date(at);
  const time = date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return date.toDateString() === new Date(now).toDateString() ? time : `${date.toLocaleDateString()} ${time}`;
}

export function when(at: number, now: number): string {
  return `${localTime(at, now)} (${relative(at, now)})`;
}

/** The countdown a token row shows: "59 min left", "45 s left", "expired 3 min ago". */
export function timeLeft(expiresAt: number, now: number): string {
  const r = relative(expiresAt, now);
  if (expiresAt <= now) return `expired ${r}`;
  return r === 'just now' ? 'expiring now' : `${r.replace(/^in /, '')} left`;
}
