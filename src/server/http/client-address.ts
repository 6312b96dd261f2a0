/**
 * Who is asking: the client's address as the rate limits see it. Behind reverse proxies listed in
 * TRUST_PROXY, the client is the right-most X-Forwarded-For hop that is not one of them (a hop
 * written by the client itself sits further left and is never read). Every textual form of one
 * address is reduced to one string, and an IPv6 address to its network (/64 by default): one
 * home or mobile line holds a whole /64, so keying on the full address would hand it billions of
 * quotas.
 */
import ipaddr from 'ipaddr.js';
import proxyAddr from 'proxy-addr';
import type { IncomingMessage } from 'node:http';

/** Decides whether an address is one of our proxies; the index is its distance from us. */
export type ProxyTrust = (address: string, index: number) => boolean;

export const TRUST_NOBODY: ProxyTrust = () => false;

/** Reads TRUST_PROXY: a list of addresses, networks (CIDR) or `loopback`, `linklocal`, `uniquelocal`. */
export function parseProxyTrust(raw: string | undefined): ProxyTrust {
  const value = (raw ?? '').trim();
  if (value === '' || value === '0' || value === 'false') return TRUST_NOBODY;
  // Earlier versions took a yes/no: a proxy on the same machine is what that meant in practice.
  const list = value === '1' || value === 'true' ? ['loopback'] : value.split(',').map((item) => item.trim());
  try {
    return proxyAddr.compile(list.filter(Boolean));
  } catch (error) {
    throw new Error(
      `TRUST_PROXY : liste d’adresses de proxys attendue (ex. « 127.0.0.1, ::1 », « 10.0.0.0/8 » ou « loopback »), « ${value} » reçu (${(error as Error).message})`,
      { cause: error },
    );
  }
}

export interface ResolvedClient {
  /** The canonical address of the client (`inconnue` if none could be read). */
  address: string;
  /** How many of our proxies the request went through (0 when it came straight to us). */
  proxies: number;
}

/**
 * The canonical text of an address: brackets, zone (`%eth0`) and port removed, IPv4-mapped IPv6
 * turned back into IPv4, IPv6 compressed and lowercase. Null when it is not an address.
 */
export function canonicalAddress(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  text = text.replace(/%.*$/, '');
  if (!ipaddr.isValid(text)) return null;
  // `isValid` also takes the old forms of IPv4 (`0x7f.1`, `2130706433`): only the dotted quad counts.
  if (!text.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  return ipaddr.process(text).toString();
}

/** The part of an address a quota is counted on: an IPv4 address, or the IPv6 network of `ipv6Prefix` bits. */
export function addressGroup(address: string, ipv6Prefix = 64): string {
  const canonical = canonicalAddress(address);
  if (!canonical) return 'inconnue';
  const parsed = ipaddr.parse(canonical);
  if (parsed.kind() === 'ipv4') return canonical;
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${canonical}/${ipv6Prefix}`).toString()}/${ipv6Prefix}`;
}

/** The client of a request, through the proxies `trust` names. */
export function resolveClient(forwardedFor: string | undefined, socketAddress: string | undefined, trust: ProxyTrust): ResolvedClient {
  if (!socketAddress) return { address: 'inconnue', proxies: 0 };
  const request = {
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
    connection: { remoteAddress: socketAddress },
    socket: { remoteAddress: socketAddress },
  } as unknown as IncomingMessage;
  const chain = proxyAddr.all(request, trust);
  return { address: canonicalAddress(chain.at(-1)!) ?? 'inconnue', proxies: chain.length - 1 };
}

/**
 * The scheme the client used, as told by our proxies: each appends to X-Forwarded-Proto (or the
 * only one sets it), so with `proxies` of them the value to read is that many from the right.
 * Anything a client wrote itself sits further left and is ignored.
 */
export function forwardedScheme(forwardedProto: string | undefined, proxies: number): 'https' | 'http' | undefined {
  if (proxies === 0 || !forwardedProto) return undefined;
  const values = forwardedProto.split(',').map((value) => value.trim().toLowerCase());
  const value = values[Math.max(0, values.length - proxies)];
  return value === 'https' || value === 'http' ? value : undefined;
}
