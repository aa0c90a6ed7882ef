package io.qosb.booking;

import java.util.Objects;

/**
 * The consumer's {@code sinkCredential}, kept as the opaque JSON text it was given in. It is
 * stored and handed to the notifier, never returned in a response and never logged.
 *
 * @param json the credential object as JSON text
 */
public record SinkCredential(String json) {

  /**
   * @throws NullPointerException if json is null
   */
  public SinkCredential {
    Objects.requireNonNull(json, "json");
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
