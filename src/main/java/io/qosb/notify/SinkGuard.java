package io.qosb.notify;

import io.qosb.api.SinkCheck;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The address policy of the URLs the adapter calls on a consumer's behalf (sink, token endpoint):
 * {@code https://} only; the host is resolved without blocking any thread ({@link SinkResolver},
 * bounded by {@code sinks.dnsTimeout}) and every address it resolves to must be public: loopback, private, link-local, unique-local (fc00::/7), multicast, unspecified,
 * shared (100.64/10) and reserved ranges are refused, also when embedded in IPv6 (IPv4-mapped,
 * IPv4-compatible, NAT64, 6to4). Checked at request time and again right before each delivery, and
 * the delivery connects to the address checked, so that a DNS answer that changes in between
 * (rebinding) cannot redirect it. {@code sinks.allowPrivateAddresses} lifts the address rule (tests).
 */
public final class SinkGuard implements SinkCheck {

  /** A URL that passed: where to connect and what to send as Host / SNI. */
  record Target(URI uri, String host, int port, InetAddress address) {
  }

  /** A host that could not be resolved, or not in time: a consumer error at request time, a retry at delivery. */
  static final class Unresolved extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;
    /** The host as named in the URL. */
    final String host;

    Unresolved(String host, String message) {
      super(message);
      this.host = host;
    }
  }

  private final SinkResolver resolver;
  private final boolean allowPrivate;

  /**
   * @param vertx the instance on whose context lookups answer
   * @param dnsServers DNS servers asked ({@code sinks.dnsServers}); empty for the system's
   * @param dnsTimeout bound of each lookup ({@code sinks.dnsTimeout})
   * @param allowPrivate true to accept non-public addresses (tests only)
   * @throws NullPointerException if an argument is null
   */
  public SinkGuard(Vertx vertx, List<InetSocketAddress> dnsServers, Duration dnsTimeout, boolean allowPrivate) {
    this.resolver = new SinkResolver(vertx, dnsServers, dnsTimeout);
    this.allowPrivate = allowPrivate;
  }

  @Override
  public Future<Void> check(String url) {
    return target(url).mapEmpty();
  }

  /**
   * @return the checked target; failed with an {@link IllegalArgumentException} saying why not
   *     ({@link Unresolved} if the host did not resolve, or not in time)
   */
  Future<Target> target(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException | NullPointerException e) {
      return Future.failedFuture(new IllegalArgumentException("must be an absolute https:// URL."));
    }
    String host = uri.getHost();
    if (!"https".equalsIgnoreCase(uri.getScheme()) || host == null || uri.getRawUserInfo() != null) {
      return Future.failedFuture(new IllegalArgumentException("must be an absolute https:// URL with a host and no user info."));
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    int port = uri.getPort() < 0 ? 443 : uri.getPort();
    return resolver.resolve(bare)
        .recover(e -> Future.failedFuture(new Unresolved(bare, SinkResolver.timedOut(e)
            ? "the host could not be resolved in time." : "the host cannot be resolved.")))
        .compose(addresses -> {
          if (addresses.isEmpty()) {
            return Future.failedFuture(new Unresolved(bare, "the host cannot be resolved."));
          }
          for (InetAddress a : addresses) {
            if (!allowPrivate && !isPublic(a)) {
              return Future.failedFuture(new IllegalArgumentException(
                  "the host resolves to a private, loopback or otherwise non-public address; only public addresses are accepted."));
            }
          }
          return Future.succeededFuture(new Target(uri, bare.toLowerCase(Locale.ROOT), port, addresses.get(0)));
        });
  }

  /** Stops the resolver. */
  Future<Void> close() {
    return resolver.close();
  }

  /** True if the address is a public unicast address. */
  static boolean isPublic(InetAddress a) {
    if (a instanceof Inet6Address v6) {
      byte[] b = v6.getAddress();
      InetAddress embedded = embeddedIpv4(b);
      if (embedded != null) {
        return isPublic(embedded);
      }
      boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
      boolean documentation = (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8;
      return !(v6.isAnyLocalAddress() || v6.isLoopbackAddress() || v6.isLinkLocalAddress() || v6.isSiteLocalAddress()
          || v6.isMulticastAddress() || uniqueLocal || documentation);
    }
    byte[] b = a.getAddress();
    int o0 = b[0] & 0xff;
    int o1 = b[1] & 0xff;
    int o2 = b[2] & 0xff;
    boolean reserved = o0 == 0 || o0 >= 240 // this network, reserved and broadcast
        || (o0 == 100 && (o1 & 0xc0) == 64) // shared address space (CGNAT)
        || (o0 == 192 && o1 == 0 && o2 == 0) // IETF protocol assignments
        || (o0 == 192 && o1 == 0 && o2 == 2) || (o0 == 198 && o1 == 51 && o2 == 100) || (o0 == 203 && o1 == 0 && o2 == 113)
        || (o0 == 198 && (o1 & 0xfe) == 18); // benchmarking
    return !(a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
        || a.isMulticastAddress() || reserved);
  }

  /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 address. */
  private static InetAddress embeddedIpv4(byte[] b) {
    boolean zeroPrefix = true;
    for (int i = 0; i < 10; i++) {
      zeroPrefix &= b[i] == 0;
    }
    boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
    boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
    try {
      if (mapped || compatible || nat64) {
        return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
      }
      if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
        return Inet4Address.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
    return null;
  }
}
