package io.qosb.nef;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The AsSessionWithQoS operations the activation needs. {@link NefClient} is the implementation;
 * tests wrap it to inject faults such as a crash right after a POST.
 */
public interface NefApi {

  /** Creates a subscription; see {@link NefClient#create(JsonObject)}. */
  Future<NefSubscription> create(JsonObject subscription);

  /** Lists this SCS/AS's subscriptions; see {@link NefClient#list()}. */
  Future<List<NefSubscription>> list();

  /** Reads one subscription; a 404 fails with a {@link NefException} of status 404; see {@link NefClient#read(String)}. */
  Future<JsonObject> read(String subscriptionUrl);

  /** Whether {@link #list()} is available ({@code nef.dialect.listSupported}); true by default. */
  default boolean listSupported() {
    return true;
  }

  /** Deletes a subscription, succeeding if it is already gone; see {@link NefClient#delete(String)}. */
  Future<Void> delete(String subscriptionUrl);

  /** False while calls are refused without trying (open circuit). */
  boolean isAvailable();
}
