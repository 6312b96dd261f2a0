import { describe, expect, it } from 'vitest';
import { frenchToday } from '../../src/lib/format.ts';

describe('jour en France', () => {
  it('change à minuit à Paris, en été comme en hiver, même demandé juste avant puis juste après', () => {
    // Summer time: midnight in Paris is 22:00 UTC; winter time: 23:00 UTC.
    expect(frenchToday(new Date('2026-07-14T21:59:59.999Z'))).toBe('2026-07-14');
    expect(frenchToday(new Date('2026-07-14T22:00:00.000Z'))).toBe('2026-07-15');
    expect(frenchToday(new Date('2026-07-14T21:59:30.000Z'))).toBe('2026-07-14');
    expect(frenchToday(new Date('2026-12-31T22:59:59.000Z'))).toBe('2026-12-31');
    expect(frenchToday(new Date('2026-12-31T23:00:00.000Z'))).toBe('2027-01-01');
    expect(frenchToday(new Date('2026-12-31T23:00:59.000Z'))).toBe('2027-01-01');
  });
});
