package io.qosb.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qosb.api.Api;
import io.qosb.api.ApiRouter;
import io.qosb.api.RateLimiter;
import io.qosb.api.auth.JwksLoader;
import io.qosb.api.auth.TokenVerifier;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of one adapter instance: verifies tokens, serves the CAMARA APIs and the
 * operational endpoints on one HTTP server.
 */
public final class AdapterVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(AdapterVerticle.class);

  private final AdapterConfig config;
  private final PrometheusMeterRegistry registry;
  private final Clock clock;
  private HttpServer server;

  /**
   * @param config the checked configuration
   * @param registry the metrics registry served at /metrics
   * @param clock the clock of all time decisions
   * @throws NullPointerException if an argument is null
   */
  public AdapterVerticle(AdapterConfig config, PrometheusMeterRegistry registry, Clock clock) {
    this.config = Objects.requireNonNull(config);
    this.registry = Objects.requireNonNull(registry);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    ApiRouter.addRootHandlers(router, config.http().maxBodySize());
    Readiness readiness = new Readiness(vertx);
    return JwksLoader.load(vertx, config.auth().jwks(), jwtOptions())
        .map(jwt -> new ApiRouter(vertx, new TokenVerifier(vertx, jwt, clock),
            new RateLimiter(config.rateLimit().ratePerSecond(), config.rateLimit().burst(), System::nanoTime)))
        .compose(api -> mountApis(api, router))
        .andThen(v -> OpsRoutes.mount(vertx, router, readiness, registry))
        .compose(v -> vertx.createHttpServer(new HttpServerOptions().setHost(config.http().host())
            .setPort(config.http().port())).requestHandler(router).listen())
        .onSuccess(s -> {
          server = s;
          readiness.register("http", () -> Future.succeededFuture());
          LOG.info("adapter listening [port: {}]", s.actualPort());
        });
  }

  private Future<Void> mountApis(ApiRouter api, Router router) {
    Map<String, Handler<RoutingContext>> none = Map.of();
    return api.mount(router, Api.QOS_BOOKING_AND_ASSIGNMENT, none)
        .compose(v -> api.mount(router, Api.QOS_BOOKING, none))
        .compose(v -> api.mount(router, Api.QOS_PROFILES, none));
  }

  private JWTOptions jwtOptions() {
    JWTOptions options = new JWTOptions().setLeeway(config.auth().leewaySeconds());
    if (config.auth().issuer() != null) {
      options.setIssuer(config.auth().issuer());
    }
    if (config.auth().audience() != null) {
      options.addAudience(config.auth().audience());
    }
    return options;
  }

  /** @return the port the server listens on, once started */
  public int actualPort() {
    return server.actualPort();
  }
}
