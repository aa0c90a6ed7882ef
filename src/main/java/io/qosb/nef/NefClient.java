package io.qosb.nef;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client of the TS 29.122 AsSessionWithQoS API of one NEF (real or simulated). Every call is
 * non-blocking, bounded by {@code nef.timeout} per attempt and retried at most
 * {@code nef.retry.maxAttempts} times on 5xx, 408, 429 and transport failures (never on other 4xx),
 * behind a circuit breaker whose state {@link #isAvailable()} feeds readiness. Failures are
 * {@link NefException}s.
 *
 * <p>Create is not idempotent: a retried create whose first attempt reached the NEF but timed out may
 * leave a second subscription; reconciliation against {@link #list()} removes such orphans.
 */
public final class NefClient implements NefApi, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(NefClient.class);
  private static final String JSON = "application/json";

  private final NefConfig config;
  private final WebClient client;
  private final WebClient tokenClient;
  private final OAuthTokens tokens;
  private final NefCircuitBreaker breaker;
  private final RetryLoop retries;
  private final LocationResolver locations;

  /**
   * @throws NullPointerException if an argument is null
   */
  public NefClient(Vertx vertx, NefConfig config, MeterRegistry registry) {
    this(vertx, config, registry, new Random());
  }

  NefClient(Vertx vertx, NefConfig config, MeterRegistry registry, Random random) {
    Objects.requireNonNull(vertx);
    this.config = Objects.requireNonNull(config);
    this.client = NefWebClients.nef(vertx, config);
    this.tokenClient = config.oauth().isPresent() ? NefWebClients.token(vertx, config) : null;
    this.tokens = config.oauth().map(o -> new OAuthTokens(tokenClient, o, config.timeout(), System::nanoTime)).orElse(null);
    this.breaker = new NefCircuitBreaker(config.circuitBreaker());
    this.retries = new RetryLoop(vertx, config.retry(), breaker, new NefMetrics(registry), random);
    this.locations = new LocationResolver(config.url(), config.scsAsId());
  }

  /**
   * Creates one AsSessionWithQoS subscription: {@code POST {url}/{scsAsId}/subscriptions}, 201.
   *
   * @param subscription the AsSessionWithQoSSubscription body
   * @return the subscription, its URL taken from {@code Location}, else from the body's {@code self}
   * @throws NullPointerException if subscription is null
   */
  @Override
  public Future<NefSubscription> create(JsonObject subscription) {
    Objects.requireNonNull(subscription);
    String target = config.subscriptionsUrl();
    return call(NefOperation.CREATE, HttpMethod.POST, target, subscription, 201)
        .map(this::toCreated)
        .onSuccess(s -> LOG.info("nef subscription created [subscriptionId: {}]", s.subscriptionId()))
        .onFailure(e -> LOG.warn("nef create failed [url: {}]: {}", target, e.getMessage()));
  }

  /**
   * Reads one subscription: {@code GET subscriptionUrl}, 200. A 404 fails with status 404.
   *
   * @throws NullPointerException if subscriptionUrl is null
   */
  @Override
  public Future<JsonObject> read(String subscriptionUrl) {
    String target = locations.resolve(Objects.requireNonNull(subscriptionUrl));
    return call(NefOperation.READ, HttpMethod.GET, target, null, 200)
        .map(response -> parsed(NefOperation.READ, response, NefResponses::bodyObject));
  }

  /** Lists this SCS/AS's subscriptions: {@code GET {url}/{scsAsId}/subscriptions}, 200. */
  @Override
  public Future<List<NefSubscription>> list() {
    String target = config.subscriptionsUrl();
    return call(NefOperation.LIST, HttpMethod.GET, target, null, 200)
        .map(response -> parsed(NefOperation.LIST, response, this::toList));
  }

  /**
   * Deletes one subscription: {@code DELETE subscriptionUrl}; 204, 200 (with a final
   * UserPlaneNotificationData) and 404 (already gone) all succeed.
   *
   * @throws NullPointerException if subscriptionUrl is null
   */
  @Override
  public Future<Void> delete(String subscriptionUrl) {
    String target = locations.resolve(Objects.requireNonNull(subscriptionUrl));
    return call(NefOperation.DELETE, HttpMethod.DELETE, target, null, 204, 200, 404)
        .onSuccess(r -> LOG.info("nef subscription deleted [url: {}, status: {}]", target, r.statusCode()))
        .onFailure(e -> LOG.warn("nef delete failed [url: {}]: {}", target, e.getMessage()))
        .mapEmpty();
  }

  /** {@code nef.dialect.listSupported}. */
  @Override
  public boolean listSupported() {
    return config.dialect().listSupported();
  }

  /** False while the circuit breaker is open or half-open, i.e. after repeated failures. */
  @Override
  public boolean isAvailable() {
    return breaker.state() == NefCircuitBreaker.State.CLOSED;
  }

  /** The resolver of subscription references against {@code nef.url}. */
  public LocationResolver locations() {
    return locations;
  }

  @Override
  public void close() {
    client.close();
    if (tokenClient != null) {
      tokenClient.close();
    }
  }

  private Future<HttpResponse<Buffer>> call(NefOperation op, HttpMethod method, String url, JsonObject body, int... expected) {
    Future<HttpResponse<Buffer>> once = retries.run(op, url, () -> attempt(op, method, url, body, expected));
    if (tokens == null) {
      return once;
    }
    // a 401 may mean the NEF revoked our cached token: fetch a new one and try the call once more
    return once.recover(e -> {
      if (e instanceof NefException nef && nef.status() == 401 && nef.problemCause().filter("OAUTH_TOKEN_REJECTED"::equals).isEmpty()) {
        tokens.invalidate();
        return retries.run(op, url, () -> attempt(op, method, url, body, expected));
      }
      return Future.failedFuture(e);
    });
  }

  private Future<HttpResponse<Buffer>> attempt(NefOperation op, HttpMethod method, String url, JsonObject body, int... expected) {
    HttpRequest<Buffer> request = client.requestAbs(method, url)
        .timeout(config.timeout().toMillis())
        .putHeader("Accept", JSON + ", application/problem+json");
    Future<HttpRequest<Buffer>> authorized = tokens == null
        ? Future.succeededFuture(request)
        : tokens.token()
            .recover(e -> Future.failedFuture(e instanceof OAuthTokens.TokenFailure t ? t.toNefException(op) : e))
            .map(request::bearerTokenAuthentication);
    return authorized
        .compose(r -> body == null ? r.send() : r.sendJsonObject(body))
        .expecting(NefResponses.expecting(op, expected));
  }

  private NefSubscription toCreated(HttpResponse<Buffer> response) {
    JsonObject body = parsed(NefOperation.CREATE, response, NefResponses::bodyObject);
    String reference = response.getHeader("Location");
    if (reference == null || reference.isBlank()) {
      reference = body.getValue("self") instanceof String self ? self : null;
    }
    if (reference == null) {
      throw NefException.protocolViolation(NefOperation.CREATE, 201, "201 without Location header nor self");
    }
    try {
      return NefSubscription.of(locations.resolve(reference), body);
    } catch (IllegalArgumentException e) {
      throw NefException.protocolViolation(NefOperation.CREATE, 201, "unusable subscription reference: " + e.getMessage());
    }
  }

  private List<NefSubscription> toList(HttpResponse<Buffer> response) {
    Object parsed = response.body() == null ? new JsonArray() : response.body().toJsonValue();
    if (!(parsed instanceof JsonArray array)) {
      throw new IllegalArgumentException("expected a JSON array");
    }
    List<NefSubscription> subscriptions = new ArrayList<>();
    for (Object item : array) {
      if (item instanceof JsonObject sub && sub.getValue("self") instanceof String self) {
        subscriptions.add(NefSubscription.of(locations.resolve(self), sub));
      } else {
        LOG.warn("nef list entry without self skipped [url: {}]", config.subscriptionsUrl());
      }
    }
    return subscriptions;
  }

  /** Maps a body, turning unreadable bodies into a non-retried protocol violation. */
  private static <T> T parsed(NefOperation op, HttpResponse<Buffer> response, Function<HttpResponse<Buffer>, T> mapper) {
    try {
      return mapper.apply(response);
    } catch (NefException e) {
      throw e;
    } catch (RuntimeException e) {
      throw NefException.protocolViolation(op, response.statusCode(), "unreadable body: " + e.getMessage());
    }
  }
}
