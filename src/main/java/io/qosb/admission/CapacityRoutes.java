package io.qosb.admission;

import io.qosb.admission.Usage.Segment;
import io.qosb.api.auth.TokenVerifier;
import io.qosb.booking.CamaraException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The operator view of capacity:
 * <ul>
 *   <li>{@code GET /ops/v1/capacity?zone=&profile=&from=&to=}: the utilisation timeline of every
 *       limited (zone, profile), or of the one asked for, as
 *       {@code {from, to, series: [{zone, profile, limit, timeline: [{from, to, devices}]}]}}; needs a
 *       bearer token with scope {@value #SCOPE} (401/403 as CAMARA ErrorInfo). {@code from} defaults
 *       to now, {@code to} to {@code from} + 24 h; at most 31 days.</li>
 *   <li>{@code GET /ops/capacity}: a static page that draws that JSON as one chart per series; it
 *       takes the token from its URL fragment ({@code #token=...}, never sent to the server) or a
 *       field.</li>
 * </ul>
 */
public final class CapacityRoutes {

  /** The operator scope; no consumer API uses it. */
  public static final String SCOPE = "qosb:ops:capacity:read";
  private static final Duration DEFAULT_SPAN = Duration.ofHours(24);
  private static final Duration MAX_SPAN = Duration.ofDays(31);
  private static final String PAGE = "ops/capacity.html";

  private final CapacityAdmission admission;
  private final TokenVerifier verifier;
  private final Clock clock;

  /**
   * @throws NullPointerException if an argument is null
   */
  public CapacityRoutes(CapacityAdmission admission, TokenVerifier verifier, Clock clock) {
    this.admission = Objects.requireNonNull(admission);
    this.verifier = Objects.requireNonNull(verifier);
    this.clock = Objects.requireNonNull(clock);
  }

  /** Adds the two routes to the root router. */
  public void mount(Router router) {
    router.get("/ops/v1/capacity").handler(this::authorize).handler(this::timeline);
    router.get("/ops/capacity").handler(rc -> rc.vertx().fileSystem().readFile(PAGE)
        .onSuccess(b -> rc.response().putHeader("content-type", "text/html; charset=utf-8")
            .putHeader("cache-control", "no-store").end(b))
        .onFailure(rc::fail));
  }

  private void authorize(RoutingContext rc) {
    String header = rc.request().getHeader("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
      rc.fail(CamaraException.unauthenticated("Request not authenticated due to missing, invalid, or expired credentials."));
      return;
    }
    verifier.verify(header.substring(7).trim()).onComplete(ar -> {
      if (ar.failed()) {
        rc.fail(ar.cause());
      } else if (!ar.result().scopes().contains(SCOPE)) {
        rc.fail(CamaraException.permissionDenied("Client does not have sufficient permissions to perform this action."));
      } else {
        rc.next();
      }
    });
  }

  private void timeline(RoutingContext rc) {
    Instant from = instant(rc, "from", clock.instant());
    Instant to = instant(rc, "to", from.plus(DEFAULT_SPAN));
    if (!to.isAfter(from) || Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
      throw CamaraException.outOfRange("The window must have to after from and span at most 31 days.");
    }
    List<Future<JsonObject>> series = new ArrayList<>();
    for (Zone z : zones(rc.queryParams().get("zone"))) {
      for (String profile : profiles(rc.queryParams().get("profile"))) {
        OptionalInt limit = z.limit(profile);
        if (limit.isPresent() || (rc.queryParams().contains("zone") && rc.queryParams().contains("profile"))) {
          series.add(admission.timeline(z.name(), profile, from, to).map(s -> series(z.name(), profile, limit, s)));
        }
      }
    }
    Future.all(series).onSuccess(all -> rc.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("from", from.toString()).put("to", to.toString())
            .put("series", new JsonArray(all.list())).toBuffer()))
        .onFailure(rc::fail);
  }

  private List<Zone> zones(String name) {
    if (name == null) {
      return admission.model().allZones();
    }
    return List.of(admission.model().zone(name)
        .orElseThrow(() -> CamaraException.invalidArgument("The zone " + name + " is not a configured capacity zone.")));
  }

  private List<String> profiles(String name) {
    if (name == null) {
      return admission.model().profiles().stream().sorted().toList();
    }
    if (!admission.model().profiles().contains(name)) {
      throw CamaraException.invalidArgument("The profile " + name + " is not a configured QoS profile.");
    }
    return List.of(name);
  }

  private static JsonObject series(String zone, String profile, OptionalInt limit, List<Segment> segments) {
    JsonArray timeline = new JsonArray();
    for (Segment s : segments) {
      timeline.add(new JsonObject().put("from", Instant.ofEpochMilli(s.from()).toString())
          .put("to", Instant.ofEpochMilli(s.to()).toString()).put("devices", s.devices()));
    }
    return new JsonObject().put("zone", zone).put("profile", profile)
        .put("limit", limit.isPresent() ? limit.getAsInt() : null).put("timeline", timeline);
  }

  private static Instant instant(RoutingContext rc, String name, Instant fallback) {
    String text = rc.queryParams().get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw CamaraException.invalidArgument("The " + name + " parameter must be an RFC 3339 date-time with a time zone.");
    }
  }
}
