import { describe, expect, it } from 'vitest';
import { ResourceExhaustedError } from '../../src/errors.js';
import { InlineAllowance, InlineBytesInFlight } from '../../src/inline-budget.js';

describe('inline content budgets', () => {
  it('refuses a request what other requests of the process hold, until they end', () => {
    const inFlight = new InlineBytesInFlight(1000);
    const first = new InlineAllowance(1000, inFlight);
    const second = new InlineAllowance(1000, inFlight);
    first.take(800);
    expect(() => second.take(400)).toThrow(ResourceExhaustedError);
    first.release();
    expect(() => second.take(400)).not.toThrow();
    // A request answered (at its deadline) while resolvers still run takes nothing it could not give back.
    expect(() => first.take(1)).toThrow(ResourceExhaustedError);
    expect(() => second.take(600)).not.toThrow();
  });

  it('refuses one request more than its own budget, whatever the process holds', () => {
    const allowance = new InlineAllowance(500, new InlineBytesInFlight(10_000));
    allowance.take(500);
    expect(() => allowance.take(1)).toThrow(/more than 500 bytes/);
  });
});
