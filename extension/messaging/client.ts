/** How extension pages talk to the background: one typed call per message. */
import { sendRuntimeMessage } from '../platform/native';
import type { MessageType, Protocol, Reply } from './protocol';

export async function send<T extends MessageType>(type: T, payload: Protocol[T]['request']): Promise<Protocol[T]['response']> {
  const reply = (await sendRuntimeMessage({ type, payload })) as Reply<T> | undefined;
  if (!reply) throw new Error('the background did not answer');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
