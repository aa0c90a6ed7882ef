package io.qosb.nef;

import io.vertx.core.json.JsonObject;
import java.util.Objects;

/**
 * One AsSessionWithQoS subscription as the NEF holds it.
 *
 * @param url absolute URL of the subscription resource on nef.url: the handle for read and delete
 * @param subscriptionId the last path segment of {@code url}
 * @param body the AsSessionWithQoSSubscription the NEF returned (empty when it returned none)
 */
public record NefSubscription(String url, String subscriptionId, JsonObject body) {

  public NefSubscription {
    Objects.requireNonNull(url);
    Objects.requireNonNull(subscriptionId);
    body = Objects.requireNonNull(body).copy();
  }

  /** Builds the record from a resolved URL, taking the id from its last path segment. */
  public static NefSubscription of(String url, JsonObject body) {
    String path = java.net.URI.create(url).getPath();
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return new NefSubscription(url, trimmed.substring(trimmed.lastIndexOf('/') + 1), body);
  }

  @Override
  public JsonObject body() {
    return body.copy();
  }
}
