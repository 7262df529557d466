import { request as httpRequest } from 'node:http';

/**
 * Starts a GraphQL multipart upload of one file for `variables.input.file`, sends `bytes` of it, then drops the
 * connection as a client that goes away would, or with `holdOpen` keeps it open and silent, as a stalled client would.
 * Resolves once the connection is gone.
 */
export function abandonUpload(
  graphqlUrl: string,
  operation: { query: string; variables: unknown },
  bytes: number,
  { holdOpen = false } = {},
): Promise<void> {
  const url = new URL(graphqlUrl);
  return new Promise((resolve) => {
    const request = httpRequest({
      host: url.hostname,
      port: url.port,
      path: url.pathname,
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=b', 'graphql-require-preflight': '1' },
    });
    request.on('error', () => resolve());
    request.on('close', () => resolve());
    request.write(`--b\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${JSON.stringify(operation)}\r\n`);
    request.write(`--b\r\nContent-Disposition: form-data; name="map"\r\n\r\n{"0":["variables.input.file"]}\r\n`);
    request.write(`--b\r\nContent-Disposition: form-data; name="0"; filename="f"\r\n\r\n`);
    const chunk = Buffer.alloc(Math.min(bytes, 1024 * 1024), 7);
    let sent = 0;
    const send = () => {
      while (sent < bytes && request.write(chunk.subarray(0, Math.min(chunk.length, bytes - sent)))) sent += chunk.length;
      if (sent < bytes) request.once('drain', send);
      else if (!holdOpen) setTimeout(() => request.destroy(), 300);
    };
    send();
  });
}
