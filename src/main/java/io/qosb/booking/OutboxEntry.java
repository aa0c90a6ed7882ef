package io.qosb.booking;

import java.time.Instant;
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
}
