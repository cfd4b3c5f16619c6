/**
 * What the UI may ask of the browser, handed in by the entrypoint: the UI imports messaging, never platform/.
 * Host permissions must be requested from the page, inside the click that needs them.
 */
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export interface UiEnvironment {
  /** Host permission for each URL's origin, asked for in one prompt (throws synchronously on a bad URL). */
  requestOrigin(url: string, ...more: string[]): Promise<boolean>;
  openInTab(): void;
}

export const UiEnvironmentContext = createContext<UiEnvironment>({
  requestOrigin: async () => false,
  openInTab: () => {},
});

export function useUiEnvironment(): UiEnvironment {
  return useContext(UiEnvironmentContext);
}
