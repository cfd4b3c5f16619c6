import { useState } from 'preact/hooks';

/**
 * The option a select shows, kept valid as its options change: the user's choice while it is still offered, else
 * the first option. (A profile removed elsewhere, or a list that was empty when the panel opened, must not leave the
 * select showing one profile while an action is sent for another, or for none.)
 */
export function useChoice<T extends string>(options: readonly T[]): [T | '', (choice: T) => void] {
  const [chosen, setChosen] = useState<T | ''>(options[0] ?? '');
  return [chosen !== '' && options.includes(chosen) ? chosen : (options[0] ?? ''), setChosen];
}
