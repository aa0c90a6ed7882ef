package io.qosb.notify;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The checked configuration of notifications (keys {@code notify.*}, {@code sinks.*} and
 * {@code http.publicUrl}); parsed by the composition root with one-line errors.
 *
 * @param publicUrl {@code http.publicUrl}: base of the CloudEvent {@code source}
 * @param pollInterval {@code notify.pollInterval} (PT1S): how often the worker looks for due events
 * @param lease {@code notify.lease} (PT30S): how long a claimed event is reserved for one worker;
 *     longer than three request timeouts (token, send, and the DNS lookups, each bounded by
 *     {@code sinks.dnsTimeout})
 * @param requestTimeout {@code notify.requestTimeout} (PT5S): bound of each outbound call
 * @param maxAge {@code notify.maxAge} (PT24H): an event not delivered by then goes to the dead letters
 * @param backoffInitial {@code notify.backoff.initial} (PT1S): delay after the first failure
 * @param backoffMax {@code notify.backoff.max} (PT5M): largest delay between attempts
 * @param batchSize {@code notify.batchSize} (16): most events one worker delivers at once; a delivery
 *     that ends frees its slot at once and the worker claims more
 * @param perHostConcurrency {@code notify.perHostConcurrency} (4): most of those to the sinks of one
 *     host (all ports), so that slow sinks of one host hold at most that many slots
 * @param retention {@code notify.retention} (P7D): how long finished events stay in the outbox
 * @param credentialKeys {@code notify.credentialKeys} (or the one {@code notify.credentialKey}): 32-byte
 *     AES keys, newest first; the first seals sink credentials, all open them (key rotation)
 * @param devCredentialKey true if a key is the published development default
 * @param signingKey {@code notify.signingKey}: JWK file of the key signing PRIVATE_KEY_JWT assertions
 * @param jwksPath {@code notify.jwksPath} (/notify/v1/jwks.json): where its public JWKS is served
 * @param allowPrivateAddresses {@code sinks.allowPrivateAddresses} (false, tests only)
 * @param trustAll {@code sinks.trustAll} (false, tests only)
 * @param dnsServers {@code sinks.dnsServers} (empty: the system's, from {@code /etc/resolv.conf}): the
 *     DNS servers that resolve sink and token endpoint hosts, asked in order
 * @param dnsTimeout {@code sinks.dnsTimeout} (PT2S): bound of each such lookup, all servers included
 */
public record NotifyConfig(String publicUrl, Duration pollInterval, Duration lease, Duration requestTimeout,
    Duration maxAge, Duration backoffInitial, Duration backoffMax, int batchSize, int perHostConcurrency,
    Duration retention, List<byte[]> credentialKeys, boolean devCredentialKey, String signingKey, String jwksPath,
    boolean allowPrivateAddresses, boolean trustAll, List<InetSocketAddress> dnsServers, Duration dnsTimeout) {

  /** Default of {@code sinks.dnsTimeout}. */
  public static final Duration DEFAULT_DNS_TIMEOUT = Duration.ofSeconds(2);

  /**
   * @throws NullPointerException if a value is missing
   * @throws IllegalArgumentException if the lease does not cover three request timeouts
   */
  public NotifyConfig {
    Objects.requireNonNull(publicUrl, "publicUrl");
    Objects.requireNonNull(pollInterval, "pollInterval");
    Objects.requireNonNull(lease, "lease");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(maxAge, "maxAge");
    Objects.requireNonNull(backoffInitial, "backoffInitial");
    Objects.requireNonNull(backoffMax, "backoffMax");
    Objects.requireNonNull(retention, "retention");
    if (batchSize < 1 || perHostConcurrency < 1) {
      throw new IllegalArgumentException("notify.batchSize and notify.perHostConcurrency: must be at least 1, got "
          + batchSize + " and " + perHostConcurrency);
    }
    credentialKeys = List.copyOf(Objects.requireNonNull(credentialKeys, "credentialKeys"));
    if (credentialKeys.isEmpty()) {
      throw new IllegalArgumentException("notify.credentialKeys: at least one key is needed");
    }
    Objects.requireNonNull(signingKey, "signingKey");
    Objects.requireNonNull(jwksPath, "jwksPath");
    dnsServers = List.copyOf(Objects.requireNonNull(dnsServers, "dnsServers"));
    Objects.requireNonNull(dnsTimeout, "dnsTimeout");
    if (dnsTimeout.isZero() || dnsTimeout.isNegative()) {
      throw new IllegalArgumentException("sinks.dnsTimeout: must be longer than zero, got " + dnsTimeout);
    }
    publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    if (lease.compareTo(requestTimeout.multipliedBy(3)) <= 0) {
      throw new IllegalArgumentException("notify.lease: must be longer than three notify.requestTimeout, got "
          + lease + " for " + requestTimeout);
    }
  }

  /** A configuration with the defaults, for tests; then adjust with the {@code with*} copies. */
  public static NotifyConfig defaults(String publicUrl, byte[] credentialKey, String signingKey) {
    return new NotifyConfig(publicUrl, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5),
        Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofMinutes(5), 16, 4, Duration.ofDays(7), List.of(credentialKey),
        false, signingKey, "/notify/v1/jwks.json", false, false, List.of(), DEFAULT_DNS_TIMEOUT);
  }

  /** This configuration with other timings. */
  public NotifyConfig withTimings(Duration poll, Duration leaseTime, Duration timeout, Duration age,
      Duration initial, Duration max) {
    return new NotifyConfig(publicUrl, poll, leaseTime, timeout, age, initial, max, batchSize, perHostConcurrency,
        retention, credentialKeys, devCredentialKey, signingKey, jwksPath, allowPrivateAddresses, trustAll, dnsServers,
        dnsTimeout);
  }

  /** This configuration with other credential keys, newest first. */
  public NotifyConfig withCredentialKeys(List<byte[]> keys) {
    return new NotifyConfig(publicUrl, pollInterval, lease, requestTimeout, maxAge, backoffInitial, backoffMax,
        batchSize, perHostConcurrency, retention, keys, devCredentialKey, signingKey, jwksPath, allowPrivateAddresses,
        trustAll, dnsServers, dnsTimeout);
  }

  /** This configuration with the test-only sink relaxations set. */
  public NotifyConfig withSinkRelaxations(boolean allowPrivate, boolean trustAnyCertificate) {
    return new NotifyConfig(publicUrl, pollInterval, lease, requestTimeout, maxAge, backoffInitial, backoffMax,
        batchSize, perHostConcurrency, retention, credentialKeys, devCredentialKey, signingKey, jwksPath, allowPrivate,
        trustAnyCertificate, dnsServers, dnsTimeout);
  }

  /** This configuration with other DNS servers and lookup bound for sink hosts. */
  public NotifyConfig withDns(List<InetSocketAddress> servers, Duration timeout) {
    return new NotifyConfig(publicUrl, pollInterval, lease, requestTimeout, maxAge, backoffInitial, backoffMax,
        batchSize, perHostConcurrency, retention, credentialKeys, devCredentialKey, signingKey, jwksPath,
        allowPrivateAddresses, trustAll, servers, timeout);
  }

  @Override
  public String toString() {
    return "NotifyConfig[publicUrl=" + publicUrl + ", pollInterval=" + pollInterval + ", lease=" + lease
        + ", requestTimeout=" + requestTimeout + ", maxAge=" + maxAge + ", batchSize=" + batchSize
        + ", perHostConcurrency=" + perHostConcurrency + ", dnsServers=" + dnsServers + ", dnsTimeout=" + dnsTimeout
        + ", credentialKey=***]";
  }
}
