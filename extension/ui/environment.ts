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
  /** Install-time host patterns the user took back (the popup offers to ask again). */
  revokedInstallAccess(): string[];
  onHostAccessChange(listener: () => void): () => void;
  requestInstallAccess(): Promise<boolean>;
}

export const UiEnvironmentContext = createContext<UiEnvironment>({
  requestOrigin: async () => false,
  openInTab: () => {},
  revokedInstallAccess: () => [],
  onHostAccessChange: () => () => {},
  requestInstallAccess: async () => false,
});

export function useUiEnvironment(): UiEnvironment {
  return useContext(UiEnvironmentContext);
}
