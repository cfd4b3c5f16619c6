/**
 * The live traffic the page holds: the feed's entries at load, then every streamed one, newest first, at most the
 * feed's capacity (so a long load test cannot grow the page either). Paused, new entries wait in a queue that is
 * shown on resume; Clear empties the harness's feed for everybody (the stream then says `clear`).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { TrafficEntry } from '../feed';
import { call, type FeedEvent, NeedsToken, readStream } from './api';

export interface Traffic {
  entries: TrafficEntry[];
  capacity: number;
  /** `live` while the stream is open; `off` when the harness records nothing (--traffic-buffer 0). */
  state: 'connecting' | 'live' | 'reconnecting' | 'off';
  paused: boolean;
  /** Entries that arrived while paused. */
  waiting: number;
  setPaused(paused: boolean): void;
  clear(): Promise<void>;
}

export function useTraffic(onNeedsToken: () => void, tokenVersion: number): Traffic {
  const [entries, setEntries] = useState<TrafficEntry[]>([]);
  const [capacity, setCapacity] = useState(0);
  const [state, setState] = useState<Traffic['state']>('connecting');
  const [paused, setPausedState] = useState(false);
  const queue = useRef<TrafficEntry[]>([]);
  const pausedRef = useRef(false);
  const [waiting, setWaiting] = useState(0);
  const cap = useRef(1000);

  const add = (items: TrafficEntry[]) => setEntries((current) => [...items.reverse(), ...current].slice(0, cap.current));

  useEffect(() => {
    const controller = new AbortController();
    // Events that arrive before the list (the stream opens first, so nothing falls between the two).
    let early: FeedEvent[] | undefined = [];
    const onEvent = (event: FeedEvent) => {
      if (early) {
        early.push(event);
        return;
      }
      if (event.type === 'clear') {
        queue.current = [];
        setWaiting(0);
        setEntries([]);
      } else if (pausedRef.current) {
        // At most the feed's capacity waits: what falls out of the harness's ring falls out of the queue too.
        queue.current.push(event.entry);
        if (queue.current.length > cap.current) queue.current.splice(0, queue.current.length - cap.current);
        setWaiting(queue.current.length);
      } else add([event.entry]);
    };
    const run = async () => {
      for (let attempt = 0; !controller.signal.aborted; attempt++) {
        try {
          early = [];
          let opened: () => void = () => undefined;
          const open = new Promise<void>((resolve) => {
            opened = resolve;
          });
          const streaming = readStream(onEvent, controller.signal, () => opened());
          streaming.catch(() => opened());
          await Promise.race([open, streaming]);
          const first = await call<{ capacity: number; entries: TrafficEntry[] }>('GET', '/_control/traffic');
          if (first.status === 404) {
            controller.abort();
            return setState('off');
          }
          cap.current = first.json.capacity;
          setCapacity(first.json.capacity);
          const listed = first.json.entries;
          const last = listed.at(-1)?.id ?? 0;
          setEntries([...listed].reverse());
          const pending = early;
          early = undefined;
          // A clear before the list is already in it; entries the list has are not added twice.
          for (const event of pending) if (event.type === 'traffic' && event.entry.id > last) onEvent(event);
          setState('live');
          await streaming;
        } catch (error) {
          if (error instanceof NeedsToken) return onNeedsToken();
          if (controller.signal.aborted) return;
        }
        setState('reconnecting');
        await new Promise((r) => setTimeout(r, Math.min(5000, 500 * (attempt + 1))));
      }
    };
    void run();
    return () => controller.abort();
  }, [tokenVersion]);

  return {
    entries,
    capacity,
    state,
    paused,
    waiting,
    setPaused(next) {
      pausedRef.current = next;
      setPausedState(next);
      if (!next && queue.current.length > 0) {
        add(queue.current);
        queue.current = [];
        setWaiting(0);
      }
    },
    async clear() {
      await call('DELETE', '/_control/traffic');
    },
  };
}
