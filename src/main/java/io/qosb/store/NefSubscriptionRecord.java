package io.qosb.store;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The adapter's record of one device's AsSessionWithQoS subscription.
 *
 * @param bookingId the booking
 * @param deviceKey the device
 * @param state where it stands
 * @param token the unguessable token in its notificationDestination; never logged
 * @param resourceUrl the subscription's URL on the NEF once known, else null
 * @param lastEvent the last user plane event the NEF reported, or null
 * @param lastEventAt when that event arrived, or null
 * @param updatedAt when this record last changed
 */
public record NefSubscriptionRecord(UUID bookingId, String deviceKey, SubscriptionState state, String token,
    String resourceUrl, String lastEvent, Instant lastEventAt, Instant updatedAt) {

  public NefSubscriptionRecord {
    Objects.requireNonNull(bookingId, "bookingId");
    Objects.requireNonNull(deviceKey, "deviceKey");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** A fresh intent to create, with a new token. */
  public static NefSubscriptionRecord pendingCreate(UUID bookingId, String deviceKey, String token, Instant now) {
    return new NefSubscriptionRecord(bookingId, deviceKey, SubscriptionState.PENDING_CREATE, token, null, null, null, now);
  }

  /** The record in another state, with the given URL (null keeps the current one). */
  public NefSubscriptionRecord with(SubscriptionState next, String url, Instant now) {
    return new NefSubscriptionRecord(bookingId, deviceKey, next, token, url != null ? url : resourceUrl, lastEvent,
        lastEventAt, now);
  }

  /** The record with an event the NEF reported. */
  public NefSubscriptionRecord withEvent(String event, Instant at) {
    return new NefSubscriptionRecord(bookingId, deviceKey, state, token, resourceUrl, event, at, at);
  }

  @Override
  public String toString() {
    // never the token: it authorises callbacks
    return "NefSubscriptionRecord[bookingId=" + bookingId + ", state=" + state + ", url=" + resourceUrl + "]";
  }
}
