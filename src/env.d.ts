declare namespace App {
  interface Locals {
    /** The site's French 404 page (HTML), given by our server to on-demand routes. */
    notFoundPage?: Buffer;
    /** The client's canonical address, through the trusted proxies (TRUST_PROXY). */
    clientAddress?: string;
  }
}
