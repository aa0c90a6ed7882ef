package io.qosb.nef.sim;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a simulated subscription over time: the allocation notifications after creation
 * (SUCCESSFUL_RESOURCES_ALLOCATION then QOS_GUARANTEED, or FAILED_RESOURCES_ALLOCATION when
 * congested), SESSION_TERMINATION when {@code usageThreshold.duration} elapses, and amnesia. When the
 * subscription lists {@code events}, only those are notified.
 */
final class SessionLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(SessionLifecycle.class);

  private final Vertx vertx;
  private final Scenario scenario;
  private final SimState state;
  private final Notifier notifier;
  private final Map<String, Long> usageTimers = new ConcurrentHashMap<>();

  SessionLifecycle(Vertx vertx, Scenario scenario, SimState state, Notifier notifier) {
    this.vertx = Objects.requireNonNull(vertx);
    this.scenario = Objects.requireNonNull(scenario);
    this.state = Objects.requireNonNull(state);
    this.notifier = Objects.requireNonNull(notifier);
  }

  /** Whether the scenario's congestion covers this subscription's UE or QoS reference. */
  boolean congested(JsonObject body) {
    Scenario.Congestion congestion = scenario.congestion();
    if (body.getValue("qosReference") instanceof String ref && congestion.qosReferences().contains(ref)) {
      return true;
    }
    for (String key : SubscriptionValidator.UE_IDENTIFIERS) {
      if (body.getValue(key) instanceof String ue
          && congestion.ueIds().stream().anyMatch(listed -> normalize(listed).equals(normalize(ue)))) {
        return true;
      }
    }
    return false;
  }

  void created(SimState.Stored stored) {
    armUsageTimer(stored);
    vertx.setTimer(Math.max(1, scenario.notifications().delay().toMillis()), t -> allocationNotifications(stored));
  }

  void updated(SimState.Stored stored) {
    armUsageTimer(stored);
  }

  void deleted(String id) {
    cancel(id);
  }

  /** Amnesia: drops every subscription silently, as a NEF that lost its state would. */
  void forgetAll() {
    List<String> ids = state.ids();
    ids.forEach(this::cancel);
    state.clear();
    LOG.info("sim forgot all subscriptions [scenario: {}, count: {}]", scenario.name(), ids.size());
  }

  void close() {
    List.copyOf(usageTimers.keySet()).forEach(this::cancel);
  }

  /** The final UserPlaneNotificationData of a 200 DELETE: a USAGE_REPORT with the elapsed time. */
  static JsonObject finalReport(SimState.Stored stored) {
    long seconds = Duration.between(stored.createdAt(), Instant.now()).toSeconds();
    JsonObject usage = new JsonObject().put("duration", seconds).put("totalVolume", 0).put("downlinkVolume", 0)
        .put("uplinkVolume", 0);
    return Notifier.notification(stored.url(), Notifier.report("USAGE_REPORT").put("accumulatedUsage", usage));
  }

  private void allocationNotifications(SimState.Stored stored) {
    if (state.get(stored.scsAsId(), stored.id()).isEmpty()) {
      return;
    }
    if (stored.congested()) {
      notify(stored, Notifier.report("FAILED_RESOURCES_ALLOCATION"));
      return;
    }
    JsonObject success = Notifier.report("SUCCESSFUL_RESOURCES_ALLOCATION");
    if (stored.body().getValue("qosReference") instanceof String ref) {
      success.put("appliedQosRef", ref);
    }
    notify(stored, success).compose(v -> notify(stored, Notifier.report("QOS_GUARANTEED")));
  }

  private Future<Void> notify(SimState.Stored stored, JsonObject report) {
    Object events = stored.body().getValue("events");
    if (events instanceof io.vertx.core.json.JsonArray list && !list.contains(report.getString("event"))) {
      return Future.succeededFuture();
    }
    String destination = stored.body().getString("notificationDestination");
    return notifier.send(destination, Notifier.notification(stored.url(), report));
  }

  private void armUsageTimer(SimState.Stored stored) {
    cancel(stored.id());
    JsonObject threshold = stored.body().getJsonObject("usageThreshold");
    if (threshold == null || !(threshold.getValue("duration") instanceof Number seconds)) {
      return;
    }
    long delay = Math.max(1, Math.round(seconds.doubleValue() * 1000 * scenario.timeScale()));
    usageTimers.put(stored.id(), vertx.setTimer(delay, t -> usageElapsed(stored)));
  }

  private void usageElapsed(SimState.Stored stored) {
    usageTimers.remove(stored.id());
    if (state.remove(stored.id(), false).isPresent()) {
      LOG.info("sim usage threshold reached, session terminated [subscriptionId: {}]", stored.id());
      notify(stored, Notifier.report("SESSION_TERMINATION"));
    }
  }

  private void cancel(String id) {
    Long timer = usageTimers.remove(id);
    if (timer != null) {
      vertx.cancelTimer(timer);
    }
  }

  private static String normalize(String ue) {
    String text = ue.trim().toLowerCase(Locale.ROOT);
    if (text.startsWith("msisdn-") || text.startsWith("+")) {
      return "tel:" + text.replaceAll("[^0-9]", "");
    }
    // only literals (dotted quad or containing ':'), so getByName never resolves a name
    if (text.matches("^[0-9]{1,3}(\\.[0-9]{1,3}){3}$") || text.matches("^[0-9a-f:]*:[0-9a-f:]*$")) {
      try {
        return java.net.InetAddress.getByName(text).getHostAddress();
      } catch (java.net.UnknownHostException e) {
        return text;
      }
    }
    return text;
  }
}
