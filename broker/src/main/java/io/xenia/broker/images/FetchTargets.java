package io.xenia.broker.images;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which addresses the broker may download a customer's image URL from. A public broker that fetched
 * any URL it is given would let a customer read its internal network: the metadata service, the
 * database, admin endpoints on loopback (server-side request forgery). So unless the operator
 * allows private targets (a development broker registering images from 127.0.0.1), a URL whose host
 * resolves to a loopback, link-local, site-local, unique-local (fc00::/7), wildcard or multicast
 * address is refused, and so is every redirect hop. Pure apart from the DNS lookup. Webhook
 * endpoints (io.xenia.broker.webhooks) are checked the same way, with the same override.
 */
public final class FetchTargets {
  private final boolean allowPrivate;

  public FetchTargets(boolean allowPrivate) {
    this.allowPrivate = allowPrivate;
  }

  /**
   * Fails with a reason when the URL may not be fetched.
   *
   * @throws IllegalStateException {@code fetch-refused: …}
   */
  public void check(URI url) {
    if (allowPrivate) {
      return;
    }
    InetAddress[] addresses;
    try {
      addresses = InetAddress.getAllByName(url.getHost());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("fetch-failed: " + url + ": unknown host", e);
    }
    for (InetAddress a : addresses) {
      if (isPrivate(a)) {
        throw new IllegalStateException(
            "fetch-refused: "
                + url
                + " resolves to "
                + a.getHostAddress()
                + ", a private address; the broker fetches public URLs only"
                + " (xenia.images.allow-private-urls)");
      }
    }
  }

  static boolean isPrivate(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isAnyLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // fc00::/7, unique local
    }
    // 100.64.0.0/10 (carrier-grade NAT, cloud metadata on some providers) and 0.0.0.0/8
    return (b[0] == 100 && (b[1] & 0xc0) == 64) || b[0] == 0;
  }
}
