/**
 * The WAI-ARIA tabs pattern (https://www.w3.org/WAI/ARIA/apg/patterns/tabs/): one Tab stop for the tab list, arrow
 * keys, Home and End move between tabs and select them, and the selected tab is in the URL's hash so a link or a
 * reload opens it.
 */
import type { ComponentChildren } from 'preact';

export interface TabSpec {
  id: string;
  label: string;
}

/** Every panel stays mounted (hidden when not selected), so a form keeps what was typed in it. */
export function Tabs(props: {
  tabs: TabSpec[];
  selected: string;
  onSelect: (id: string) => void;
  panels: Record<string, ComponentChildren>;
}) {
  const { tabs, selected, onSelect } = props;
  const move = (event: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === selected);
    const next =
      event.key === 'ArrowRight'
        ? (i + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (i - 1 + tabs.length) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : -1;
    if (next === -1) return;
    event.preventDefault();
    const id = (tabs[next] as TabSpec).id;
    onSelect(id);
    document.getElementById(`tab-${id}`)?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label="Inspector sections" class="tabs" onKeyDown={move}>
        {tabs.map((t) => (
          <button
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            key={t.id}
            data-testid={`tab-${t.id}`}
            aria-selected={t.id === selected}
            aria-controls={`panel-${t.id}`}
            tabIndex={t.id === selected ? 0 : -1}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
          </button>
        ))}
      </div>
      {tabs.map((t) => (
        <div
          role="tabpanel"
          key={t.id}
          id={`panel-${t.id}`}
          aria-labelledby={`tab-${t.id}`}
          class="panel"
          hidden={t.id !== selected}
        >
          {props.panels[t.id]}
        </div>
      ))}
    </>
  );
}
