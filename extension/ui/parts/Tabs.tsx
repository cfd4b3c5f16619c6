import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';

export interface TabSpec<T extends string> {
  id: T;
  label: string;
  /** A count shown beside the label (e.g. captures waiting). */
  count?: number;
}

/**
 * The sections as tabs (WAI-ARIA Authoring Practices, "Tabs with automatic activation",
 * https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): one Tab stop for the whole list, arrow keys and Home/End move
 * between tabs, the panel follows.
 */
export function Tabs<T extends string>({
  tabs,
  current,
  onSelect,
}: {
  tabs: readonly TabSpec<T>[];
  current: T;
  onSelect: (id: T) => void;
}) {
  const list = useRef<HTMLDivElement>(null);
  const move = (index: number) => {
    const next = tabs[(index + tabs.length) % tabs.length];
    if (!next) return;
    onSelect(next.id);
    // Focus follows the selection once the new tab has tabindex 0.
    queueMicrotask(() => list.current?.querySelector<HTMLElement>(`#tab-${next.id}`)?.focus());
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const index = tabs.findIndex((t) => t.id === current);
    const keys: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    const target = keys[event.key];
    if (target === undefined) return;
    event.preventDefault();
    move(target);
  };
  return (
    <div class="tabs" role="tablist" aria-label="Sections" ref={list} onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          id={`tab-${t.id}`}
          aria-selected={t.id === current}
          aria-controls={`panel-${t.id}`}
          tabIndex={t.id === current ? 0 : -1}
          data-testid={`tab-${t.id}`}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
          {t.count ? (
            <>
              <span class="count" aria-hidden="true">
                {t.count}
              </span>
              <span class="visually-hidden"> ({t.count} waiting)</span>
            </>
          ) : null}
        </button>
      ))}
    </div>
  );
}

/**
 * A tab's panel. `keep`: stays mounted while another tab shows (a request typed in the console, a secret just shown
 * by the portal survive a look at another tab); otherwise it is mounted afresh each time it is shown.
 */
export function TabPanel({
  id,
  current,
  keep = false,
  children,
}: {
  id: string;
  current: string;
  keep?: boolean;
  children: ComponentChildren;
}) {
  const seen = useRef(false);
  if (id === current) seen.current = true;
  if (id !== current && !(keep && seen.current)) return null;
  return (
    <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} class="panel" hidden={id !== current}>
      {children}
    </div>
  );
}
