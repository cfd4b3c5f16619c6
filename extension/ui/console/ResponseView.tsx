import { useId } from 'preact/hooks';
import type { ApiAnswer } from '../../core/api-console';
import { JsonTree, parseJsonBody } from './JsonTree';

/** The answer: status line with its reason, a 401/403 explained, headers on demand, the body as a tree or as text. */
export function ResponseView({ answer }: { answer: ApiAnswer }) {
  const uid = useId();
  const explained = answer.explanation;
  const json = parseJsonBody(answer.body);
  const ok = answer.status >= 200 && answer.status < 300;
  return (
    <section class="console-response" aria-labelledby={`${uid}-title`} data-testid="console-answer">
      <h3 id={`${uid}-title`} class="visually-hidden">
        Response
      </h3>
      <p role="status" class={ok ? 'console-status' : 'console-status failed'}>
        <strong data-testid="console-status">{answer.status}</strong> <span data-testid="console-reason">{answer.reason}</span> ·{' '}
        {answer.timeMs} ms
        {answer.truncated && ' · body truncated'}
      </p>
      {explained && (
        <div class="console-explain" data-testid="console-explain">
          <p data-testid="console-explain-problem">{explained.problem}</p>
          <p data-testid="console-explain-action">
            <strong>What to do:</strong> {explained.action}
          </p>
          {explained.detail && (
            <p class="small muted" data-testid="console-explain-detail">
              The server says: {explained.detail}
            </p>
          )}
        </div>
      )}
      <details data-testid="console-headers">
        <summary>Response headers ({answer.headers.length})</summary>
        <dl class="console-header-list">
          {answer.headers.map(([name, value], i) => (
            <div key={i}>
              <dt>{name}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </details>
      {json === undefined ? (
        <pre data-testid="console-body">{answer.body}</pre>
      ) : (
        <>
          <JsonTree value={json} label="Body" />
          <details>
            <summary>Raw body</summary>
            <pre data-testid="console-body">{answer.body}</pre>
          </details>
        </>
      )}
    </section>
  );
}
