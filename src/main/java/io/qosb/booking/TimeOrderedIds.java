package io.qosb.booking;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Identifiers that sort by creation time: version 7 UUIDs (RFC 9562), the creation's epoch
 * milliseconds in the first 48 bits, then 74 random bits from a {@link SecureRandom}.
 *
 * <p>Why (issue 16): a booking's id keys the booking's primary key and leads the keys of its
 * assignments, capacity claims, subscriptions and events. The store's B-trees are copy-on-write:
 * every flush rewrites each leaf page a transaction touched, with the path above it. With random
 * (version 4) ids each new booking touched its own leaf in each of those indexes; with ids in
 * creation order, the bookings committed together fall into the same last leaves, which one flush
 * writes once. The random part keeps an id as hard to guess as before for all practical purposes
 * (74 bits; reads are checked against the owner anyway); the time part tells when a booking was
 * created, which its owner can read from the booking itself.
 */
public final class TimeOrderedIds {

  private static final SecureRandom RANDOM = new SecureRandom();

  private TimeOrderedIds() {
  }

  /** A new id for something created now. */
  public static UUID next() {
    return at(System.currentTimeMillis());
  }

  /** A new id for something created at the instant. */
  public static UUID at(Instant created) {
    return at(created.toEpochMilli());
  }

  private static UUID at(long epochMillis) {
    byte[] r = new byte[10];
    RANDOM.nextBytes(r);
    long msb = (epochMillis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | (r[0] & 0x0FL) << 8 | (r[1] & 0xFFL);
    long lsb = 0;
    for (int i = 2; i < 10; i++) {
      lsb = lsb << 8 | (r[i] & 0xFFL);
    }
    lsb = lsb & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
