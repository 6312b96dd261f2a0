/**
 * The systemd unit of docs/deploiement/: read as systemd reads it (sections, repeated keys), checked
 * for the hardening the deployment guide promises, then, where systemd-analyze is installed, handed
 * to `systemd-analyze verify` (syntax, known keys, executable paths) and `security` (exposure).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const UNIT = 'docs/deploiement/registre-ia.service';
const unitText = readFileSync(path.join(ROOT, UNIT), 'utf8');
const SUPERVISOR = '/srv/registre-ia/current/scripts/supervise.ts';

type Unit = Map<string, Map<string, string[]>>;

/** Sections and their keys; a key given several times keeps every value, in order. */
function parseUnit(text: string): Unit {
  const unit: Unit = new Map();
  let section: Map<string, string[]> | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const header = /^\[(\w+)\]$/.exec(line);
    if (header) {
      section = new Map();
      unit.set(header[1]!, section);
      return;
    }
    const equal = line.indexOf('=');
    if (!section || equal < 1) throw new Error(`${UNIT}, ligne ${index + 1} : ni section ni clé=valeur`);
    const key = line.slice(0, equal);
    section.set(key, [...(section.get(key) ?? []), line.slice(equal + 1)]);
  });
  return unit;
}

const unit = parseUnit(unitText);
const service = unit.get('Service')!;
const value = (key: string) => service.get(key)?.at(-1);

describe('le service systemd', () => {
  it('a ses trois sections et démarre le superviseur sous son propre compte', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(value('User')).toBe('registre-ia');
    expect(value('WorkingDirectory')).toBe('/srv/registre-ia');
    expect(value('ExecStart')).toBe(`/usr/bin/node ${SUPERVISOR}`);
    expect(value('ExecReload')).toBe('/bin/kill -HUP $MAINPID');
    expect(value('EnvironmentFile')).toBe('/etc/registre-ia/env');
    expect(value('Restart')).toBe('on-failure');
    expect(value('KillMode')).toBe('mixed');
    expect(Number(value('TimeoutStopSec'))).toBeGreaterThan(0);
    expect(unit.get('Install')!.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('n’écrit que dans DATA_DIR, sans privilège ni nouvel accès', () => {
    const environment = new Map(service.get('Environment')!.map((pair) => pair.split('=', 2) as [string, string]));
    const dataDir = environment.get('DATA_DIR');
    expect(dataDir).toBe('/srv/registre-ia/shared/data');
    expect(service.get('ReadWritePaths')).toEqual([dataDir]);
    const expected: Record<string, string> = {
      NoNewPrivileges: 'yes',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      PrivateDevices: 'yes',
      ProtectKernelTunables: 'yes',
      ProtectKernelModules: 'yes',
      ProtectKernelLogs: 'yes',
      ProtectControlGroups: 'yes',
      RestrictAddressFamilies: 'AF_INET AF_INET6 AF_UNIX',
      RestrictNamespaces: 'yes',
      LockPersonality: 'yes',
      SystemCallFilter: '@system-service',
      CapabilityBoundingSet: '',
      UMask: '0077',
      // V8 compiles JavaScript to machine code at run time: writable then executable memory.
      MemoryDenyWriteExecute: 'no',
    };
    for (const [key, wanted] of Object.entries(expected)) expect(value(key), key).toBe(wanted);
  });

  it('signale une ligne qui n’est ni section ni clé', () => {
    expect(() => parseUnit('[Service]\nUser registre-ia\n')).toThrow(`${UNIT}, ligne 2 : ni section ni clé=valeur`);
  });
});

const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((candidate) => existsSync(candidate));

describe.skipIf(!analyze)('systemd-analyze', () => {
  // A copy whose supervisor path exists here: verify checks that ExecStart is executable.
  const dir = mkdtempSync(path.join(tmpdir(), 'registre-ia-unit-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const supervisor = path.join(dir, 'supervise.ts');
  writeFileSync(supervisor, '');

  /** What systemd-analyze says about a variant of the unit: its exit status and every warning. */
  function analyse(command: string[], text: string) {
    const file = path.join(dir, 'registre-ia.service');
    writeFileSync(file, text.replaceAll(SUPERVISOR, supervisor));
    const run = spawnSync(analyze!, [...command, file], { encoding: 'utf8' });
    return { status: run.status, stdout: run.stdout, warnings: run.stderr.trim() };
  }

  it('valide le fichier sans une remarque, et refuse une clé mal écrite ou un programme absent', () => {
    expect(analyse(['verify'], unitText)).toMatchObject({ status: 0, warnings: '' });
    expect(analyse(['verify'], unitText.replace('ProtectSystem=', 'ProtectSystm=')).warnings).toContain("Unknown key 'ProtectSystm'");
    expect(analyse(['verify'], unitText.replace('ExecStart=/usr/bin/node ', 'ExecStart=/usr/bin/node-absent ')).status).not.toBe(0);
  });

  it('obtient une exposition « OK » (2 au plus sur 10) à l’examen de sécurité', () => {
    const { stdout } = analyse(['security', '--offline=yes', '--no-pager'], unitText);
    const exposure = Number(/Overall exposure level for [^:]+: ([\d.]+)/.exec(stdout)?.[1]);
    console.log(`systemd-analyze security : exposition ${exposure} / 10`);
    expect(exposure).toBeLessThanOrEqual(2);
    const weaker = analyse(['security', '--offline=yes', '--no-pager'], unitText.replace(/^(Protect|Private|Restrict)\w+=.*$/gm, ''));
    expect(Number(/Overall exposure level for [^:]+: ([\d.]+)/.exec(weaker.stdout)?.[1])).toBeGreaterThan(exposure);
  });
});
