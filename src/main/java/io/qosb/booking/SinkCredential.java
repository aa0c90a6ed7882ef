package io.qosb.booking;

import java.util.Objects;

/**
 * The consumer's {@code sinkCredential}, kept as the opaque JSON text it was given in. It is
 * stored and handed to the notifier, never returned in a response and never logged.
 *
 * <p>A stored credential that none of the configured keys opens (e.g. after a key was dropped from
 * {@code notify.credentialKeys}) is {@link #unopenable}: the booking still reads and activates, the
 * value is written back exactly as stored (a restored key opens it again), and only the delivery of
 * its events fails.
 *
 * @param json the credential object as JSON text
 * @param unopened the stored (sealed) value when it could not be opened, else null
 */
public record SinkCredential(String json, String unopened) {

  private static final String UNOPENABLE = "{\"credentialType\":\"UNOPENABLE\"}";

  /**
   * @throws NullPointerException if json is null
   */
  public SinkCredential {
    Objects.requireNonNull(json, "json");
  }

  /**
   * @param json the credential object as JSON text
   * @throws NullPointerException if json is null
   */
  public SinkCredential(String json) {
    this(json, null);
  }

  /** A stored value that cannot be opened, kept as it is. */
  public static SinkCredential unopenable(String stored) {
    return new SinkCredential(UNOPENABLE, Objects.requireNonNull(stored, "stored"));
  }

  /** Wraps a nullable JSON text. */
  public static SinkCredential ofNullable(String json) {
    return json == null ? null : new SinkCredential(json);
  }

  @Override
  public String toString() {
    return "SinkCredential[***]";
  }
}
