/**
 * Reason phrases for the status line the console shows. HTTP/2 and HTTP/3 carry no reason phrase and browsers may
 * hand an empty `statusText`, so the console names the status itself: the phrases registered in RFC 9110 §15
 * (https://www.rfc-editor.org/rfc/rfc9110#section-15) and 429 from RFC 6585 §4.
 */
const PHRASES: Record<number, string> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
};

/** The registered phrase, else the class name ("Client Error" for an unregistered 4xx). */
export function reasonPhrase(status: number): string {
  const known = PHRASES[status];
  if (known) return known;
  const classes: Record<number, string> = {
    1: 'Informational',
    2: 'Success',
    3: 'Redirection',
    4: 'Client Error',
    5: 'Server Error',
  };
  return classes[Math.floor(status / 100)] ?? '';
}
