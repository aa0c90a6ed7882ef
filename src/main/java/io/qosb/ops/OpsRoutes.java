package io.qosb.ops;

import io.qosb.api.Api;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Operational endpoints: {@code /health/live}, {@code /health/ready}, {@code /metrics},
 * {@code /openapi/{name}.yaml} and the Swagger UI at {@code /docs}.
 */
public final class OpsRoutes {

  private static final String SWAGGER = "META-INF/resources/webjars/swagger-ui/5.18.2";

  private OpsRoutes() {
  }

  /**
   * @param vertx Vert.x
   * @param router the root router
   * @param readiness the dependency checks
   * @param registry the registry scraped by {@code /metrics}
   */
  public static void mount(Vertx vertx, Router router, Readiness readiness, PrometheusMeterRegistry registry) {
    mount(vertx, router, readiness, registry, Arrays.asList(Api.values()));
  }

  /**
   * As {@link #mount(Vertx, Router, Readiness, PrometheusMeterRegistry)}, with the documents of the
   * APIs served ({@code api.versions}) only.
   *
   * @param apis the APIs served
   */
  public static void mount(Vertx vertx, Router router, Readiness readiness, PrometheusMeterRegistry registry,
      List<Api> apis) {
    Set<String> documents = apis.stream()
        .map(a -> a.document().substring(a.document().lastIndexOf('/') + 1)).collect(Collectors.toSet());
    HealthChecks live = HealthChecks.create(vertx).register("process", (Promise<Status> p) -> p.complete(Status.OK()));
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(live));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness.checks()));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
    router.get("/openapi/:name").handler(rc -> document(vertx, rc, documents));
    router.getWithRegex("/docs/?").handler(rc -> swaggerIndex(rc, documents));
    router.get("/docs/*").handler(StaticHandler.create(SWAGGER).setCachingEnabled(true));
  }

  private static void document(Vertx vertx, RoutingContext rc, Set<String> documents) {
    String name = rc.pathParam("name");
    if (!documents.contains(name)) {
      rc.next();
      return;
    }
    vertx.fileSystem().readFile("openapi/" + name)
        .onSuccess(b -> rc.response().putHeader("content-type", "application/yaml").end(b))
        .onFailure(rc::fail);
  }

  private static void swaggerIndex(RoutingContext rc, Set<String> documents) {
    String urls = documents.stream().sorted()
        .map(d -> "{url:'/openapi/" + d + "',name:'" + d.replace(".yaml", "") + "'}")
        .collect(Collectors.joining(","));
    String html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>qos-booking-adapter API</title>
        <link rel="stylesheet" href="/docs/swagger-ui.css"></head>
        <body><div id="swagger-ui"></div>
        <script src="/docs/swagger-ui-bundle.js"></script>
        <script src="/docs/swagger-ui-standalone-preset.js"></script>
        <script>window.ui = SwaggerUIBundle({urls:[%s], dom_id:'#swagger-ui',
          presets:[SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout:'StandaloneLayout'});</script>
        </body></html>
        """.formatted(urls);
    rc.response().putHeader("content-type", "text/html; charset=utf-8").end(html);
  }
}
