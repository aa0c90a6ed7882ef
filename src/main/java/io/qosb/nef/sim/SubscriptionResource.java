package io.qosb.nef.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers of the simulated AsSessionWithQoS resources: the collection
 * {@code /{scsAsId}/subscriptions} (POST, GET) and the individual subscription (GET, PUT, PATCH,
 * DELETE).
 *
 * <p>Capacity: beyond {@code capacity} concurrent subscriptions a POST gets 403 with cause
 * {@code REQUESTED_SERVICE_TEMPORARILY_NOT_AUTHORIZED} and Retry-After, the temporary rejection the
 * PCF gives the NEF (TS 29.514) and which the 403 of TS 29.122's POST, with its Retry-After header,
 * carries. A device the directory marks not eligible gets 403 {@code REQUESTED_SERVICE_NOT_AUTHORIZED}.
 */
final class SubscriptionResource {

  private static final Logger LOG = LoggerFactory.getLogger(SubscriptionResource.class);
  private static final String JSON = "application/json";
  private static final String MERGE_PATCH = "application/merge-patch+json";

  private final Scenario scenario;
  private final SimState state;
  private final SubscriptionValidator validator;
  private final SessionLifecycle lifecycle;
  private final Supplier<String> baseUrl;

  SubscriptionResource(Scenario scenario, SimState state, SessionLifecycle lifecycle, Supplier<String> baseUrl) {
    this.scenario = Objects.requireNonNull(scenario);
    this.state = Objects.requireNonNull(state);
    this.validator = new SubscriptionValidator(scenario.dialect());
    this.lifecycle = Objects.requireNonNull(lifecycle);
    this.baseUrl = Objects.requireNonNull(baseUrl);
  }

  void create(RoutingContext rc) {
    JsonObject body = jsonBody(rc, JSON);
    if (body == null || !valid(rc, body)) {
      return;
    }
    if (scenario.capacity() > 0 && state.size() >= scenario.capacity()) {
      Problems.send(rc, 403, "Forbidden", "no capacity for another QoS session", "REQUESTED_SERVICE_TEMPORARILY_NOT_AUTHORIZED",
          List.of(), "30");
      return;
    }
    if (scenario.subscriberDirectory().lookupSubscription(body) == SubscriberDirectory.Eligibility.NOT_ELIGIBLE) {
      Problems.send(rc, 403, "Forbidden", "the UE may not get this QoS", "REQUESTED_SERVICE_NOT_AUTHORIZED", List.of(), null);
      return;
    }
    String scsAsId = rc.pathParam("scsAsId");
    String id = state.nextId();
    String url = baseUrl.get() + "/" + scsAsId + "/subscriptions/" + id;
    SimState.Stored stored = new SimState.Stored(id, scsAsId, url, body.copy().put("self", url), lifecycle.congested(body),
        Instant.now());
    state.put(stored, true);
    lifecycle.created(stored);
    LOG.debug("sim subscription created [subscriptionId: {}, congested: {}]", id, stored.congested());
    String location = location(url);
    if (location != null) {
      rc.response().putHeader("Location", location);
    }
    rc.response().setStatusCode(201).putHeader("Content-Type", JSON).end(stored.body().encode());
  }

  void list(RoutingContext rc) {
    if (!scenario.dialect().listSupported()) {
      // like NEFs in the field that do not implement listing: 200 with nothing in it
      rc.response().putHeader("Content-Type", JSON).end("[]");
      return;
    }
    JsonArray all = new JsonArray();
    state.of(rc.pathParam("scsAsId")).forEach(s -> all.add(listed(s.body())));
    rc.response().putHeader("Content-Type", JSON).end(all.encode());
  }

  void read(RoutingContext rc) {
    SimState.Stored stored = found(rc);
    if (stored != null) {
      rc.response().putHeader("Content-Type", JSON).end(stored.body().encode());
    }
  }

  void update(RoutingContext rc) {
    SimState.Stored stored = found(rc);
    JsonObject body = stored == null ? null : jsonBody(rc, JSON);
    if (body != null && valid(rc, body)) {
      replace(rc, stored, body);
    }
  }

  void modify(RoutingContext rc) {
    SimState.Stored stored = found(rc);
    JsonObject patch = stored == null ? null : jsonBody(rc, MERGE_PATCH);
    if (patch == null) {
      return;
    }
    JsonObject merged = MergePatch.apply(stored.body(), patch);
    if (valid(rc, merged)) {
      replace(rc, stored, merged);
    }
  }

  void delete(RoutingContext rc) {
    SimState.Stored stored = found(rc);
    if (stored == null) {
      return;
    }
    state.remove(stored.id(), true);
    lifecycle.deleted(stored.id());
    LOG.debug("sim subscription deleted [subscriptionId: {}]", stored.id());
    if (scenario.dialect().deleteResponse() == SimDialect.DeleteResponse.OK_WITH_BODY) {
      rc.response().putHeader("Content-Type", JSON).end(SessionLifecycle.finalReport(stored).encode());
    } else {
      rc.response().setStatusCode(204).end();
    }
  }

  private void replace(RoutingContext rc, SimState.Stored stored, JsonObject body) {
    SimState.Stored updated = new SimState.Stored(stored.id(), stored.scsAsId(), stored.url(),
        body.copy().put("self", stored.url()), lifecycle.congested(body), stored.createdAt());
    state.put(updated, false);
    lifecycle.updated(updated);
    rc.response().putHeader("Content-Type", JSON).end(updated.body().encode());
  }

  private SimState.Stored found(RoutingContext rc) {
    var stored = state.get(rc.pathParam("scsAsId"), rc.pathParam("subscriptionId"));
    if (stored.isEmpty()) {
      Problems.send(rc, 404, "Not Found", "no such subscription");
      return null;
    }
    return stored.get();
  }

  private boolean valid(RoutingContext rc, JsonObject body) {
    List<JsonObject> problems = validator.validate(body);
    if (problems.isEmpty()) {
      return true;
    }
    Problems.send(rc, 400, "Bad Request", "invalid AsSessionWithQoSSubscription: " + problems.get(0).getString("param")
        + " " + problems.get(0).getString("reason"), null, problems, null);
    return false;
  }

  /** The JSON object body, or null after answering 415 or 400. */
  private static JsonObject jsonBody(RoutingContext rc, String mediaType) {
    String contentType = rc.request().getHeader("Content-Type");
    if (contentType == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith(mediaType)) {
      Problems.send(rc, 415, "Unsupported Media Type", "expected " + mediaType);
      return null;
    }
    try {
      JsonObject json = rc.body().asJsonObject();
      if (json != null) {
        return json;
      }
    } catch (RuntimeException malformed) {
      // answered below
    }
    Problems.send(rc, 400, "Bad Request", "body is not a well-formed JSON object");
    return null;
  }

  private JsonObject listed(JsonObject body) {
    if (scenario.dialect().self() == SimDialect.SelfStyle.AS_CREATED) {
      return body;
    }
    String self = body.getString("self");
    String variant = "HTTP" + self.substring(self.indexOf("://")).replace("-as-session", "%2das-session") + "/";
    return body.copy().put("self", variant);
  }

  private String location(String url) {
    return switch (scenario.dialect().location()) {
      case ABSOLUTE -> url;
      case RELATIVE -> URI.create(url).getRawPath();
      case SCHEME_LESS -> url.substring(url.indexOf("://") + 3);
      case SELF_ONLY -> null;
    };
  }
}
