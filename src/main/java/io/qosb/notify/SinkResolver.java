package io.qosb.notify;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.resolver.HostsFileEntriesResolver;
import io.netty.resolver.ResolvedAddressTypes;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.DnsServerAddressStreamProvider;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves the host names of sinks and token endpoints without blocking any thread (issue 15, item 2):
 * a Netty {@link DnsNameResolver} on an event loop of its own sends the queries and is answered
 * asynchronously; every lookup fails after {@code sinks.dnsTimeout}, and nothing waits for it
 * afterwards. The JDK's {@code InetAddress.getAllByName} blocked one thread of Vert.x's shared worker
 * pool per lookup for as long as the system resolver took, so that about twenty sinks on a host
 * whose DNS never answers stalled token verification and every H2 write.
 *
 * <p>Why not Vert.x's own resolvers: its {@code DnsClient} talks to one server and returns the first
 * address of a name only (and in 5.0.x builds a new resolver, with its UDP channel, per
 * {@code lookup} and leaves the previous one open; fixed in 5.1); the address resolver of {@code VertxOptions} resolves inside the HTTP client, where the
 * addresses cannot be checked before connecting, and configuring it would change the resolution of
 * every other connection (NEF, identity provider, database). The Netty resolver underneath both is
 * used directly, configured as the system's resolver is:
 * <ul>
 *   <li>names in the hosts file ({@code /etc/hosts}, e.g. Kubernetes {@code hostAliases}) resolve
 *       without a query; IP literals resolve without a lookup;</li>
 *   <li>the servers are {@code sinks.dnsServers}, or when empty those of {@code /etc/resolv.conf};
 *       each is asked for at most its share of the bound, so that the next one is asked in time
 *       when one does not answer;</li>
 *   <li>A and AAAA are asked together; the IPv4 addresses come first (the JDK's default order), and
 *       the lookup completes once the IPv4 answer is in, without waiting for an AAAA answer that a
 *       broken server never sends;</li>
 *   <li>no search domains: a sink is an absolute public URL, and search domains only add queries
 *       (Kubernetes' {@code ndots:5} would make four of them before the name itself);</li>
 *   <li>answers are cached for their TTL, so repeated deliveries to one sink do not query again.</li>
 * </ul>
 */
final class SinkResolver {

  private final Vertx vertx;
  private final Duration timeout;
  private final EventLoopGroup loop;
  private final DnsNameResolver resolver;

  /**
   * @param vertx the instance on whose context callers get their answers
   * @param servers DNS servers asked in order; empty for the system's ({@code /etc/resolv.conf})
   * @param timeout bound of each lookup, all queries and servers included
   * @throws NullPointerException if an argument is null
   */
  SinkResolver(Vertx vertx, List<InetSocketAddress> servers, Duration timeout) {
    this.vertx = Objects.requireNonNull(vertx);
    this.timeout = Objects.requireNonNull(timeout);
    Objects.requireNonNull(servers);
    DnsServerAddressStreamProvider provider = servers.isEmpty() ? DnsServerAddressStreamProviders.platformDefault()
        : new SequentialDnsServerAddressStreamProvider(servers);
    // each server gets its share of the bound, so that a silent first server leaves time for the next
    long perServer = Math.max(1, timeout.toMillis() / Math.max(1, provider.nameServerAddressStream("").size()));
    this.loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("qosb-sink-dns", true),
        NioIoHandler.newFactory());
    this.resolver = new DnsNameResolverBuilder(loop.next())
        .datagramChannelType(NioDatagramChannel.class)
        // TCP for answers too large for UDP (a name with many addresses)
        .socketChannelType(NioSocketChannel.class)
        .nameServerProvider(provider)
        .hostsFileEntriesResolver(HostsFileEntriesResolver.DEFAULT)
        .resolvedAddressTypes(ResolvedAddressTypes.IPV4_PREFERRED).completeOncePreferredResolved(true)
        .searchDomains(List.of()).ndots(1)
        .queryTimeoutMillis(perServer)
        .build();
  }

  /**
   * @param host a host name or IP literal (IPv6 without brackets)
   * @return its addresses, IPv4 first; failed with {@link TimeoutException} as the cause (possibly
   *     wrapped) if no answer came within the timeout, else with the resolver's error
   */
  Future<List<InetAddress>> resolve(String host) {
    InetAddress literal = NetUtil.createInetAddressFromIpAddressString(host);
    if (literal != null) {
      return Future.succeededFuture(List.of(literal));
    }
    ContextInternal context = (ContextInternal) vertx.getOrCreateContext();
    PromiseInternal<List<InetAddress>> answer = context.promise();
    io.netty.util.concurrent.Future<List<InetAddress>> lookup = resolver.resolveAll(host);
    // completes on the caller's context whichever thread the resolver answers on
    lookup.addListener(answer);
    return answer.future().timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .onFailure(e -> lookup.cancel(false));
  }

  /** True if the failure of {@link #resolve} means that no answer came in time. */
  static boolean timedOut(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof TimeoutException || t instanceof DnsNameResolverTimeoutException) {
        return true;
      }
    }
    return false;
  }

  /** Closes the resolver's channel and stops its event loop. */
  Future<Void> close() {
    Promise<Void> closed = ((ContextInternal) vertx.getOrCreateContext()).promise();
    resolver.close();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(f -> closed.tryComplete());
    return closed.future();
  }
}
