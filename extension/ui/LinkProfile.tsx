import type { ProfileView } from '../core/service';

/** Profiles a new client can take its IdP settings from (those the user imported or typed in). */
export function linkableProfiles(profiles: ProfileView[]): ProfileView[] {
  return profiles.filter((p) => p.source.kind === 'harness' || p.source.kind === 'manual');
}

/** "Tokens come from": the IdP profile whose tenant issues the new client's tokens. */
export function LinkProfile(props: {
  id: string;
  testId: string;
  profiles: ProfileView[];
  value: string;
  onChange: (id: string) => void;
}) {
  return (
    <>
      <label for={props.id}>Tokens come from (IdP profile)</label>
      <select
        id={props.id}
        data-testid={props.testId}
        value={props.value}
        onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}
      >
        {linkableProfiles(props.profiles).map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </>
  );
}
