import { describe, expect, it } from 'vitest';
import { previousRelease, RELEASE_ID, releaseId, releasesToPrune } from '../../scripts/lib/releases.ts';

const ids = ['20261101T080000Z-aaa', '20261102T080000Z-bbb', '20261103T080000Z-ccc', '20261104T080000Z-ddd', '20261105T080000Z-eee'];

describe('versions d’une cible de déploiement', () => {
  it('nomme une version par son heure UTC puis son commit, dans l’ordre de l’âge', () => {
    const earlier = releaseId(new Date(Date.UTC(2026, 11, 5, 9, 5, 7, 999)), '1A2b3C4d');
    const later = releaseId(new Date(Date.UTC(2026, 11, 5, 10, 0, 0)), '0000000');
    expect(earlier).toBe('20261205T090507Z-1a2b3c4d');
    expect(RELEASE_ID.test(earlier)).toBe(true);
    expect([later, earlier].sort()).toEqual([earlier, later]);
    expect(releaseId(new Date(0), 'sans git!')).toMatch(RELEASE_ID);
  });

  it('revient à la version d’avant, et à aucune avant la première', () => {
    expect(previousRelease(ids, ids[3]!)).toBe(ids[2]);
    expect(previousRelease(ids, ids[0]!)).toBeUndefined();
    expect(previousRelease(ids, 'inconnue')).toBeUndefined();
  });

  it('garde les N plus récentes, la version en service et celle d’avant', () => {
    expect(releasesToPrune(ids, ids[4], 2)).toEqual(ids.slice(0, 3));
    // After a rollback to the oldest, it stays, and the newest stay too.
    expect(releasesToPrune(ids, ids[1], 2)).toEqual([ids[2]]);
    expect(releasesToPrune(ids, undefined, 3)).toEqual(ids.slice(0, 2));
    expect(releasesToPrune(ids.slice(0, 2), ids[1], 2)).toEqual([]);
  });
});
