import { createLogger } from '@graphql-yoga/logger';
import { describe, expect, it } from 'vitest';
import { requestAwareLogger, withRequestId } from '../../src/observability.js';

describe('requestAwareLogger', () => {
  it('writes one JSON object per line with the request id, above the configured level only', () => {
    const lines: string[] = [];
    const logger = requestAwareLogger(createLogger('silent'), 'json', 'info', (line) => lines.push(line));
    logger.debug('not written');
    withRequestId('req-1', () => logger.warn('s3 call', { operation: 'GetObject', status: '503' }));
    logger.info('outside any request');
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith('\n'))).toBe(true);
    const [first, second] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({
      level: 'warn',
      msg: 's3 call',
      requestId: 'req-1',
      details: ["{ operation: 'GetObject', status: '503' }"],
    });
    expect(Date.parse(String(first?.time))).not.toBeNaN();
    expect(second).not.toHaveProperty('requestId');
  });
});
