package io.qosb.api;

import io.vertx.core.Future;

/**
 * Decides whether the adapter may call a URL that a consumer gave ({@code sink},
 * {@code sinkCredential.tokenUri}): implemented by the notifier's sink address guard.
 */
public interface SinkCheck {

  /**
   * @param url the URL as the consumer gave it
   * @return succeeds if allowed; fails with an {@link IllegalArgumentException} whose message says
   *     why, fit for the consumer (no internal detail)
   */
  Future<Void> check(String url);
}
