package io.qosb.nef;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.qosb.store.ActivationStore;
import io.qosb.store.NefSubscriptionRecord;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NEF's callbacks: {@code POST {path of nef.notificationUrl}/{token}} with a
 * UserPlaneNotificationData or a TestNotification. A well-formed body with a known token is answered
 * 204 at once and applied afterwards by the {@link NetworkEventProcessor}; an unknown token gets 404
 * and changes nothing; a body that is not a JSON object gets 400.
 *
 * <p>Token lookups go through a Caffeine cache in front of the store: the booking and device a token
 * names never change, so the cache only saves reads. Unknown tokens are remembered for
 * {@link #MISS_TTL}, so that a flood repeating one costs no query per request (issue 15); tokens
 * are stored before their subscription is created at the NEF, so no callback can legitimately
 * precede its token. The route is also rate-limited per source address (wired by the composition
 * root, key {@code nef.callbackRateLimit}).
 */
public final class NefCallbacks {

  private static final Logger LOG = LoggerFactory.getLogger(NefCallbacks.class);
  private static final int BODY_LIMIT = 64 * 1024;
  private static final long CACHE_SIZE = 100_000;
  private static final Duration CACHE_TTL = Duration.ofMinutes(10);
  static final Duration MISS_TTL = Duration.ofSeconds(30);

  private final Vertx vertx;
  private final NotificationTokens tokens;
  private final NetworkEventProcessor processor;
  private final AsyncLoadingCache<String, NefSubscriptionRecord> byToken;
  private final Cache<String, Boolean> unknown =
      Caffeine.newBuilder().maximumSize(CACHE_SIZE).expireAfterWrite(MISS_TTL).build();

  /**
   * @throws NullPointerException if an argument is null
   */
  public NefCallbacks(Vertx vertx, ActivationStore store, NotificationTokens tokens, NetworkEventProcessor processor) {
    this.vertx = Objects.requireNonNull(vertx);
    this.tokens = Objects.requireNonNull(tokens);
    this.processor = Objects.requireNonNull(processor);
    Objects.requireNonNull(store);
    this.byToken = Caffeine.newBuilder()
        .maximumSize(CACHE_SIZE)
        .expireAfterWrite(CACHE_TTL)
        .executor(Runnable::run)
        .buildAsync((token, executor) -> store.subscriptionByToken(token)
            .map(found -> found.orElse(null))
            .toCompletionStage().toCompletableFuture());
  }

  /** The path the callbacks arrive on, without the token, e.g. {@code /nef-callbacks/v1/notifications}. */
  public String path() {
    return tokens.path();
  }

  /** A router with the one route {@code POST /:token}, to mount under {@link #path()}. */
  public Router router() {
    Router router = Router.router(vertx);
    router.post("/:token").handler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT)).handler(this::handle);
    return router;
  }

  /** Mounts {@link #router()} at {@code path()/*} on the server's root router. */
  public void mount(Router root) {
    String path = path().endsWith("/") ? path() : path() + "/";
    root.route(path + "*").subRouter(router());
  }

  private void handle(RoutingContext rc) {
    String token = rc.pathParam("token");
    if (!NotificationTokens.wellFormed(token) || unknown.getIfPresent(token) != null) {
      rc.response().setStatusCode(404).end();
      return;
    }
    JsonObject body;
    try {
      body = rc.body().asJsonObject();
    } catch (RuntimeException malformed) {
      body = null;
    }
    if (body == null) {
      rc.response().setStatusCode(400).end();
      return;
    }
    JsonObject notification = body;
    Future.fromCompletionStage(byToken.get(token), vertx.getOrCreateContext()).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("nef callback lookup failed: {}", ar.cause().getMessage());
        rc.response().setStatusCode(503).putHeader("Retry-After", "5").end();
      } else if (ar.result() == null) {
        unknown.put(token, Boolean.TRUE);
        LOG.warn("nef callback with unknown token refused [path: {}]", path());
        rc.response().setStatusCode(404).end();
      } else {
        rc.response().setStatusCode(204).end();
        process(ar.result(), notification);
      }
    });
  }

  private void process(NefSubscriptionRecord subscription, JsonObject notification) {
    if (!(notification.getValue("eventReports") instanceof JsonArray reports)) {
      if (notification.getValue("subscription") instanceof String) {
        LOG.info("nef test notification received [bookingId: {}]", subscription.bookingId());
      } else {
        LOG.info("nef notification without event reports ignored [bookingId: {}]", subscription.bookingId());
      }
      return;
    }
    Future<Void> chain = Future.succeededFuture();
    for (Object report : reports) {
      if (report instanceof JsonObject r) {
        chain = chain.compose(v -> processor.apply(subscription, r));
      }
    }
    chain.onFailure(e -> LOG.warn("nef event not applied [bookingId: {}]: {}", subscription.bookingId(), e.getMessage()));
  }
}
