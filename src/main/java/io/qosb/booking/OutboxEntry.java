package io.qosb.booking;

import java.net.URI;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * One notification to a consumer's sink, written in the same transaction as the change it reports
 * and sent later by the notifier. The store seals the credential at rest.
 *
 * @param id the CloudEvent {@code id}, unique
 * @param bookingId the booking the event is about; events of one booking are sent in order
 * @param sink where the event goes ({@code https://})
 * @param sinkCredential how to authenticate to the sink, or null; never logged
 * @param type the CloudEvent {@code type}
 * @param source the CloudEvent {@code source}: the booking's resource URL
 * @param data the CloudEvent {@code data} as JSON text
 * @param createdAt the CloudEvent {@code time}: when the change happened
 */
public record OutboxEntry(UUID id, UUID bookingId, String sink, SinkCredential sinkCredential, String type,
    String source, String data, Instant createdAt) {

  /**
   * @throws NullPointerException if a component other than the credential is null
   */
  public OutboxEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(bookingId, "bookingId");
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  /** Longest host key stored ({@code outbox_event.sink_host}). */
  public static final int MAX_HOST = 255;

  /** The host of the sink, the key of the notifier's per-host delivery bound: see {@link #hostOf}. */
  public String sinkHost() {
    return hostOf(sink);
  }

  /**
   * The host that receives deliveries to a sink URL, lower case, without port (all ports of a host
   * share its delivery slots); the URL itself when it has no host. At most {@link #MAX_HOST}
   * characters, so that the stored key and the one computed again are equal.
   */
  public static String hostOf(String sink) {
    String host = null;
    try {
      URI uri = URI.create(sink);
      host = uri.getHost();
      String authority = uri.getRawAuthority();
      if (host == null && authority != null) {
        // a registry-based authority (e.g. a name with '_'): its host part
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        host = hostPort.startsWith("[") || hostPort.indexOf(':') < 0 ? hostPort
            : hostPort.substring(0, hostPort.indexOf(':'));
      }
    } catch (IllegalArgumentException invalid) {
      // an unparsable URL is never delivered; it still gets a key of its own
    }
    String key = (host == null || host.isEmpty() ? sink : host).toLowerCase(Locale.ROOT);
    return key.length() <= MAX_HOST ? key : key.substring(0, MAX_HOST);
  }
}
