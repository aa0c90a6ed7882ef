package io.qosb.notify;

import io.qosb.booking.SinkCredential;
import io.qosb.store.SecretCipher;
import java.time.Instant;
import java.util.UUID;

/**
 * An outbox event leased by a worker. The credential stays sealed until {@link #credential()} is
 * asked for it, so that it is opened only right before a send and never logged.
 */
final class OutboxEvent {

  private final long seq;
  private final UUID id;
  private final UUID bookingId;
  private final String sink;
  private final String sealedCredential;
  private final String type;
  private final String source;
  private final String data;
  private final Instant createdAt;
  private final int attempts;
  private final SecretCipher cipher;
  private final String owner;

  OutboxEvent(long seq, UUID id, UUID bookingId, String sink, String sealedCredential, String type, String source,
      String data, Instant createdAt, int attempts, SecretCipher cipher, String owner) {
    this.seq = seq;
    this.id = id;
    this.bookingId = bookingId;
    this.sink = sink;
    this.sealedCredential = sealedCredential;
    this.type = type;
    this.source = source;
    this.data = data;
    this.createdAt = createdAt;
    this.attempts = attempts;
    this.cipher = cipher;
    this.owner = owner;
  }

  /** The API consumer owning the booking, or null if the booking is gone. */
  String owner() {
    return owner;
  }

  long seq() {
    return seq;
  }

  UUID id() {
    return id;
  }

  UUID bookingId() {
    return bookingId;
  }

  String sink() {
    return sink;
  }

  /**
   * @return the credential, or null when the event has none
   * @throws IllegalStateException if the stored credential cannot be opened with this key
   */
  SinkCredential credential() {
    return sealedCredential == null ? null : new SinkCredential(cipher.open(sealedCredential));
  }

  String type() {
    return type;
  }

  String source() {
    return source;
  }

  String data() {
    return data;
  }

  Instant createdAt() {
    return createdAt;
  }

  /** Attempts so far, this one included. */
  int attempts() {
    return attempts;
  }

  @Override
  public String toString() {
    return "OutboxEvent[id: " + id + ", bookingId: " + bookingId + ", type: " + type + "]";
  }
}
