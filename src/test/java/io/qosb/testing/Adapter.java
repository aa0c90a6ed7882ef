package io.qosb.testing;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.qosb.ops.AdapterVerticle;
import io.qosb.ops.Main;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * An adapter instance for tests: its own Vert.x (with metrics), loopback random port, in-memory H2
 * store, test JWKS; configuration overrides given as QOSB_* variables, exactly as an operator would.
 */
public final class Adapter implements AutoCloseable {

  public final Vertx vertx;
  public final PrometheusMeterRegistry registry;
  public final AdapterVerticle verticle;
  public final WebClient client;
  public final TestKeys keys;

  private Adapter(Vertx vertx, PrometheusMeterRegistry registry, AdapterVerticle verticle, TestKeys keys) {
    this.vertx = vertx;
    this.registry = registry;
    this.verticle = verticle;
    this.keys = keys;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(verticle.actualPort()).setFollowRedirects(false));
  }

  /**
   * @param dir a temporary folder for the JWKS file
   * @param overrides extra QOSB_* variables
   * @return the started adapter
   */
  public static Adapter start(Path dir, Map<String, String> overrides) throws Exception {
    TestKeys keys = new TestKeys();
    Map<String, String> env = new HashMap<>();
    env.put("QOSB_HTTP_HOST", "127.0.0.1");
    env.put("QOSB_HTTP_PORT", "0");
    env.put("QOSB_AUTH_JWKS", keys.writeJwks(dir).toString());
    env.put("QOSB_STORE_URL", "h2:mem:t" + UUID.randomUUID().toString().replace("-", ""));
    env.putAll(overrides);
    PrometheusMeterRegistry registry = Main.newRegistry();
    Vertx vertx = Main.newVertx(registry);
    try {
      AdapterVerticle verticle = Main.start(vertx, null, env, registry, Clock.systemUTC()).await();
      return new Adapter(vertx, registry, verticle, keys);
    } catch (Exception e) {
      vertx.close().await();
      throw e;
    }
  }

  /** @return a bearer header value for a client with these scopes */
  public String bearer(String client, String scopes) {
    return "Bearer " + keys.token(vertx, client, scopes);
  }

  @Override
  public void close() {
    vertx.close().await();
  }
}
