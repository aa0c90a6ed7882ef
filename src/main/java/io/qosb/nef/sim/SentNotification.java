package io.qosb.nef.sim;

import io.vertx.core.json.JsonObject;

/**
 * One UserPlaneNotificationData the simulated NEF sent (or tried to).
 *
 * @param destination the subscription's notificationDestination
 * @param data the UserPlaneNotificationData
 * @param delivered whether a 2xx came back within the attempts
 * @param attempts how many POSTs were made
 */
public record SentNotification(String destination, JsonObject data, boolean delivered, int attempts) {

  /** The first event of the notification. */
  public String event() {
    return data.getJsonArray("eventReports").getJsonObject(0).getString("event");
  }
}
