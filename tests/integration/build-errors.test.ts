import { afterAll, describe, expect, it } from 'vitest';
import { copyFixture, FIXTURE_ENTRY } from '../helpers/content.ts';
import { copyProject } from '../helpers/project.ts';

describe('npm run build sur un contenu invalide', () => {
  const content = copyFixture();
  content.edit(FIXTURE_ENTRY, (d) => {
    delete d.summary;
    d.system.hosting = 'nuage';
    d.published = '2024-13-01';
  });
  const project = copyProject(content.root);
  afterAll(() => {
    project.remove();
    content.remove();
  });

  it('échoue en nommant le fichier, chaque champ et la raison, sans pile d’appels', () => {
    const { status, output } = project.build();
    expect(status).not.toBe(0);
    expect(output).toContain('content/registre/detection-fuites.yaml');
    expect(output).toContain('champ « summary » (En bref) : champ obligatoire manquant');
    expect(output).toMatch(/champ « system\.hosting » \(Hébergement\) : .*"interne"/);
    expect(output).toContain('champ « published » (Date de publication) : date attendue au format AAAA-MM-JJ');
    expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  });
});
