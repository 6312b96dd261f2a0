import { describe, expect, it } from 'vitest';
import {
  addressGroup,
  canonicalAddress,
  forwardedScheme,
  parseProxyTrust,
  resolveClient,
  TRUST_NOBODY,
} from '../../src/server/http/client-address.ts';

describe('adresse canonique', () => {
  it('ramène chaque écriture d’une adresse à une seule', () => {
    expect(canonicalAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(canonicalAddress('192.0.2.1:8080')).toBe('192.0.2.1');
    expect(canonicalAddress('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(canonicalAddress('2001:0db8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonicalAddress('fe80::1%eth0')).toBe('fe80::1');
    expect(canonicalAddress(' 192.0.2.1 ')).toBe('192.0.2.1');
  });

  it('refuse ce qui n’est pas une adresse, et les anciennes écritures d’IPv4', () => {
    for (const bad of ['', 'inconnue', 'exemple.test', '0x7f.1', '2130706433', '192.0.2', '::g', '1.2.3.4.5']) {
      expect(canonicalAddress(bad)).toBeNull();
    }
  });

  it('groupe IPv6 par réseau de 64 bits, IPv4 par adresse', () => {
    expect(addressGroup('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressGroup('2001:db8:1:2:3:4:5:6', 56)).toBe('2001:db8:1::/56');
    expect(addressGroup('198.51.100.7')).toBe('198.51.100.7');
    expect(addressGroup('n’importe quoi')).toBe('inconnue');
  });
});

describe('client derrière des mandataires de confiance', () => {
  const local = parseProxyTrust('loopback');
  it('sans mandataire, l’adresse de la connexion ; X-Forwarded-For ignoré', () => {
    expect(resolveClient('203.0.113.9', '192.0.2.5', TRUST_NOBODY)).toEqual({ address: '192.0.2.5', proxies: 0 });
    expect(resolveClient('203.0.113.9', '127.0.0.1', parseProxyTrust(undefined))).toEqual({ address: '127.0.0.1', proxies: 0 });
  });

  it('prend le saut le plus à droite qui n’est pas un de nos mandataires', () => {
    // The client wrote a first hop itself: it is never read.
    expect(resolveClient('6.6.6.6, 203.0.113.9', '127.0.0.1', local)).toEqual({ address: '203.0.113.9', proxies: 1 });
    const chain = parseProxyTrust('127.0.0.1, 10.0.0.0/8');
    expect(resolveClient('6.6.6.6, 203.0.113.9, 10.1.2.3', '127.0.0.1', chain)).toEqual({ address: '203.0.113.9', proxies: 2 });
    // A peer that is not one of our proxies is the client, whatever it says.
    expect(resolveClient('203.0.113.9', '192.0.2.5', local)).toEqual({ address: '192.0.2.5', proxies: 0 });
    expect(resolveClient('::ffff:203.0.113.9', '::1', local)).toEqual({ address: '203.0.113.9', proxies: 1 });
  });

  it('TRUST_PROXY=1 (ancienne écriture) veut dire un mandataire sur la même machine ; une liste illisible est refusée', () => {
    expect(resolveClient('203.0.113.9', '127.0.0.1', parseProxyTrust('1'))).toEqual({ address: '203.0.113.9', proxies: 1 });
    expect(resolveClient('203.0.113.9', '192.0.2.5', parseProxyTrust('true'))).toEqual({ address: '192.0.2.5', proxies: 0 });
    expect(() => parseProxyTrust('mon-proxy.local')).toThrow(/TRUST_PROXY/);
  });

  it('lit X-Forwarded-Proto au même saut que l’adresse', () => {
    expect(forwardedScheme('https', 1)).toBe('https');
    // Forged by the client, then appended to by our proxy: our proxy's value counts.
    expect(forwardedScheme('https, http', 1)).toBe('http');
    expect(forwardedScheme('https, http', 2)).toBe('https');
    expect(forwardedScheme('https', 0)).toBeUndefined();
    expect(forwardedScheme('gopher', 1)).toBeUndefined();
  });
});
