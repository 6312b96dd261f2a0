/**
 * Headers sent with every response of the site. The Content-Security-Policy of each page is a
 * <meta> element computed by Astro (hashes of its own inline scripts); what a <meta> cannot
 * carry (frame-ancestors) is sent here.
 */
/** No page may be framed by another site (clickjacking); a <meta> CSP cannot say it. */
export const FRAME_ANCESTORS = "frame-ancestors 'none'";

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'Permissions-Policy':
    'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()',
  'Content-Security-Policy': `${FRAME_ANCESTORS}; base-uri 'self'; form-action 'self'; object-src 'none'`,
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
