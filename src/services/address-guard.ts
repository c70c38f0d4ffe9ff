import { type LookupAddress, type LookupOptions, lookup } from 'node:dns';
import { lookup as lookupAsync } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Webhook targets must not reach the service's own network (SSRF): loopback, private, link-local
 * (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast and reserved ranges are refused
 * unless the operator allows them (WEBHOOK_ALLOW_PRIVATE). Checked twice: when a URL is configured
 * (a clear 400), and at every send on the addresses the connection actually uses (see guardedLookup),
 * so a name that resolves elsewhere later (DNS rebinding) cannot slip through.
 */
const blocked = new BlockList();
const ipv4Ranges: [string, number][] = [
  ['0.0.0.0', 8], // "this network", 0.0.0.0 itself
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];
const ipv6Ranges: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128],
  ['100::', 64], // discard
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
];
for (const [network, prefix] of ipv4Ranges) blocked.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of ipv6Ranges) blocked.addSubnet(network, prefix, 'ipv6');

/** The IPv4 address inside an IPv6 one that carries it (mapped, compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | null {
  const groups = expandIpv6(address);
  if (!groups) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0)) return v4(groups[6]!, groups[7]!); // ::ffff:a.b.c.d, ::a.b.c.d
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6]!, groups[7]!); // NAT64
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!); // 6to4
  return null;
}

function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -dotted[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const part = (s: string | undefined) => (s ? s.split(':').map((g) => Number.parseInt(g, 16)) : []);
  const left = part(head);
  const right = part(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...Array<number>(Math.max(0, fill)).fill(0), ...right];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff)
    ? groups
    : null;
}

/**
 * Cloud metadata services: whoever reaches them from inside an instance reads its credentials
 * (AWS, Azure, GCP, OpenStack, Oracle at 169.254.169.254; AWS over IPv6 at fd00:ec2::254; the ECS
 * task and EKS pod-identity credential endpoints at 169.254.170.2 and .23 and fd00:ec2::23;
 * Alibaba at 100.100.100.200). Refused whatever WEBHOOK_ALLOW_PRIVATE and URL_FETCH_ALLOW_PRIVATE
 * say: those open the private network to a trusted deployment, and no webhook or document ever
 * lives at these addresses.
 */
const metadataAddresses = new BlockList();
for (const address of ['169.254.169.254', '169.254.170.2', '169.254.170.23', '100.100.100.200']) {
  metadataAddresses.addAddress(address, 'ipv4');
}
for (const address of ['fd00:ec2::254', 'fd00:ec2::23']) metadataAddresses.addAddress(address, 'ipv6');
/** Names that only ever mean a metadata service (GCP's); others are caught on their addresses. */
const metadataNames = new Set(['metadata.google.internal', 'metadata.goog']);

/**
 * An address in any of its spellings, as the connection would use it: an http URL's host parser
 * reads 2852039166, 0xa9fea9fe, 0251.0376.0251.0376 and 169.254.43518 as 169.254.169.254 (so
 * does inet_aton), lower-cases names and drops an IPv4 address's trailing dot.
 */
function canonicalHost(host: string): string {
  const bare = host.trim().replace(/^\[|\]$/g, '');
  if (isIP(bare)) return bare.toLowerCase();
  const parsed = URL.canParse(`http://${bare}/`) ? new URL(`http://${bare}/`).hostname : bare;
  return parsed.replace(/^\[|\]$/g, '').toLowerCase();
}

/** True for a cloud metadata address or name, however it is spelled (never allowed, see above). */
export function isMetadataAddress(host: string): boolean {
  const canonical = canonicalHost(host);
  const family = isIP(canonical);
  if (family === 4) return metadataAddresses.check(canonical, 'ipv4');
  if (family === 6) {
    const inner = embeddedIpv4(canonical);
    return (
      (inner !== null && metadataAddresses.check(inner, 'ipv4')) || metadataAddresses.check(canonical, 'ipv6')
    );
  }
  return metadataNames.has(canonical.replace(/\.+$/, ''));
}

/** What the refusal of a metadata target says, in the 400 at configuration and in a failed send. */
export const metadataRefusal = (host: string) =>
  `${host} is a cloud metadata address; metadata addresses are never allowed, whatever WEBHOOK_ALLOW_PRIVATE or URL_FETCH_ALLOW_PRIVATE say`;

/**
 * Why a connection to the IP literal or name `host` is refused before any lookup, or null: a
 * metadata target always, a private IP literal unless allowed (net.connect never looks a literal
 * up, so guardedLookup would not see it).
 */
export function refusedHost(host: string, allowPrivate: boolean, setting: PrivateSetting): string | null {
  if (isMetadataAddress(host)) return metadataRefusal(host);
  const bare = host.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(bare) && isBlockedAddress(bare)) {
    return `${bare} is a private, loopback or link-local address${allowedWith(setting)}`;
  }
  return null;
}

/** The setting that lets a closed network reach private addresses: named in every refusal. */
export type PrivateSetting = 'WEBHOOK_ALLOW_PRIVATE' | 'URL_FETCH_ALLOW_PRIVATE';

const allowedWith = (setting: PrivateSetting) =>
  ` (the server allows them with ${setting}=true, for a closed network)`;

/** True for an address a webhook may not reach; anything that is not an IP address counts as one. */
export function isBlockedAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family === 6) {
    const inner = embeddedIpv4(bare);
    return (inner !== null && blocked.check(inner, 'ipv4')) || blocked.check(bare, 'ipv6');
  }
  return true;
}

export interface UrlFault {
  field: string;
  message: string;
}

/**
 * Whether `url` may be a webhook target: http(s), and, unless private targets are allowed, a host
 * that is not (and does not resolve to) a refused address. A name that does not resolve now is
 * accepted (its DNS may not be live yet); the send checks again and fails that attempt.
 */
export async function checkWebhookTarget(
  url: string,
  options: { field: string; allowPrivate: boolean },
): Promise<UrlFault | null> {
  const { field } = options;
  const parsed = URL.canParse(url) ? new URL(url) : null;
  if (!parsed || (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')) {
    return { field, message: `${field} must be an http or https URL` };
  }
  if (url.length > 2048) return { field, message: `${field} must be at most 2048 characters` };
  if (isMetadataAddress(parsed.hostname)) {
    return { field, message: `${field} is refused: ${metadataRefusal(parsed.hostname)}` };
  }
  if (options.allowPrivate) return null;
  const refused = {
    field,
    message: `${field} must not point to a private, loopback or link-local address (the server allows them with WEBHOOK_ALLOW_PRIVATE=true, for a closed network)`,
  };
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isBlockedAddress(host) ? refused : null;
  if (host === 'localhost' || host.endsWith('.localhost')) return refused;
  const addresses = await lookupAsync(host, { all: true }).catch(() => []);
  const metadata = addresses.find((a) => isMetadataAddress(a.address));
  if (metadata)
    return { field, message: `${field} is refused: ${metadataRefusal(`${host} (${metadata.address})`)}` };
  return addresses.some((a) => isBlockedAddress(a.address)) ? refused : null;
}

export class BlockedTargetError extends Error {
  override name = 'BlockedTargetError';
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/**
 * A `lookup` for http.request: resolves the name, refuses it when any of its addresses is refused
 * (a metadata address always, a private one unless `allowPrivate`), and hands the connection exactly the addresses it checked — no second resolution to rebind.
 */
export function guardedLookup(allowPrivate: boolean, setting: PrivateSetting) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
    lookup(hostname, { all: true, family }, (error, addresses) => {
      if (error) return callback(error, []);
      const metadata = addresses.find((a) => isMetadataAddress(a.address));
      if (metadata) {
        return callback(new BlockedTargetError(metadataRefusal(`${hostname} (${metadata.address})`)), []);
      }
      const refused = !allowPrivate && addresses.find((a) => isBlockedAddress(a.address));
      if (refused) {
        return callback(
          new BlockedTargetError(
            `${hostname} resolves to a private, loopback or link-local address (${refused.address})${allowedWith(setting)}`,
          ),
          [],
        );
      }
      if (addresses.length === 0) return callback(new Error(`${hostname} has no address`), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
