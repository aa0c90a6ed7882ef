package io.qosb.notify;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A consumer's HTTPS endpoint on 127.0.0.1 (or another loopback address) with a self-signed
 * certificate: records every request to any path and answers from a per-path script (default 204),
 * after a per-path delay if one is set; counts the requests it has not answered yet. {@code /token} is an OAuth token
 * endpoint that accepts only a client assertion signed with a key of the JWKS at {@link #jwksUrl}.
 */
final class TestSink {

  /** One request as the sink saw it. */
  record Received(String path, MultiMap headers, String body, long atNanos) {
    JsonObject json() {
      return new JsonObject(body);
    }
  }

  /** A scripted answer. */
  record Reply(int status, String retryAfter) {
  }

  static final String TOKEN = "tok-from-token-endpoint";

  final List<Received> received = new CopyOnWriteArrayList<>();
  final List<String> assertionsChecked = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Reply>> scripts = new ConcurrentHashMap<>();
  private final Vertx vertx;
  private final String host;
  private final Map<String, Long> delays = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private final SelfSignedCertificate certificate = SelfSignedCertificate.create("localhost");
  private HttpServer server;
  private final List<HttpServer> more = new CopyOnWriteArrayList<>();
  volatile String jwksUrl;
  volatile String expectedClientId;
  /** Characters of padding added to the token endpoint's JSON answer (0: none). */
  volatile int tokenPadding;

  TestSink(Vertx vertx) {
    this(vertx, "127.0.0.1");
  }

  /** A sink listening on the given loopback address, e.g. 127.0.0.2 for a second sink host. */
  TestSink(Vertx vertx, String host) {
    this.vertx = vertx;
    this.host = host;
  }

  Future<TestSink> start() {
    return vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions())
            .setHost(host).setPort(0))
        .requestHandler(this::handle).listen().map(s -> {
          server = s;
          return this;
        });
  }

  /**
   * Listens on one more port of the same address with the same script, delays and request count
   * (one sink host, two ports).
   *
   * @return the https URL of the path on that port
   */
  Future<String> anotherPort(String path) {
    return vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(certificate.keyCertOptions())
            .setHost(host).setPort(0))
        .requestHandler(this::handle).listen().map(s -> {
          more.add(s);
          return "https://" + host + ":" + s.actualPort() + path;
        });
  }

  /** The https URL of a path on this sink. */
  String url(String path) {
    return "https://" + host + ":" + server.actualPort() + path;
  }

  /** The next answers of a path, in order; afterwards 204. */
  void script(String path, Reply... replies) {
    scripts.computeIfAbsent(path, p -> new ArrayDeque<>()).addAll(List.of(replies));
  }

  /** Requests to the path are answered only after this delay (the client may give up before). */
  void delay(String path, java.time.Duration d) {
    delays.put(path, d.toMillis());
  }

  /** Requests received and not answered yet (nor abandoned by the client). */
  int open() {
    return open.get();
  }

  /** The most requests that were open at once. */
  int maxOpen() {
    return maxOpen.get();
  }

  List<Received> at(String path) {
    List<Received> out = new ArrayList<>();
    received.stream().filter(r -> r.path().equals(path)).forEach(out::add);
    return out;
  }

  private void handle(HttpServerRequest req) {
    maxOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    AtomicBoolean done = new AtomicBoolean();
    Runnable closed = () -> {
      if (done.compareAndSet(false, true)) {
        open.decrementAndGet();
      }
    };
    req.response().endHandler(v -> closed.run()).closeHandler(v -> closed.run());
    req.body().onSuccess(body -> {
      String path = req.path();
      received.add(new Received(path, MultiMap.caseInsensitiveMultiMap().addAll(req.headers()), body.toString(),
          System.nanoTime()));
      Long delay = delays.get(path);
      if (delay == null) {
        reply(req, path, body.toString());
      } else {
        vertx.setTimer(delay, id -> {
          if (!done.get()) {
            reply(req, path, body.toString());
          }
        });
      }
    });
  }

  private void reply(HttpServerRequest req, String path, String body) {
    if (path.equals("/token")) {
      token(req, body);
      return;
    }
    Deque<Reply> script = scripts.get(path);
    Reply reply = script == null ? null : script.pollFirst();
    if (reply == null) {
      req.response().setStatusCode(204).end();
    } else {
      if (reply.retryAfter() != null) {
        req.response().putHeader("retry-after", reply.retryAfter());
      }
      req.response().setStatusCode(reply.status()).end();
    }
  }

  /** Verifies the client assertion against the published JWKS, then answers a bearer token. */
  private void token(HttpServerRequest req, String form) {
    MultiMap params = MultiMap.caseInsensitiveMultiMap();
    for (String pair : form.split("&")) {
      String[] kv = pair.split("=", 2);
      params.add(java.net.URLDecoder.decode(kv[0], java.nio.charset.StandardCharsets.UTF_8),
          java.net.URLDecoder.decode(kv.length > 1 ? kv[1] : "", java.nio.charset.StandardCharsets.UTF_8));
    }
    if (!"client_credentials".equals(params.get("grant_type"))
        || !"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(params.get("client_assertion_type"))
        || !expectedClientId.equals(params.get("client_id"))) {
      req.response().setStatusCode(400).end("{\"error\":\"invalid_request\"}");
      return;
    }
    WebClient.create(vertx).getAbs(jwksUrl).send()
        .compose(r -> {
          JWTAuthOptions options = new JWTAuthOptions();
          r.bodyAsJsonObject().getJsonArray("keys").forEach(k -> options.addJwk((JsonObject) k));
          options.getJWTOptions().addAudience(url("/token")).setIssuer(expectedClientId);
          return JWTAuth.create(vertx, options).authenticate(new TokenCredentials(params.get("client_assertion")));
        })
        .onSuccess(user -> {
          if (!expectedClientId.equals(user.principal().getString("sub"))) {
            req.response().setStatusCode(401).end("{\"error\":\"invalid_client\"}");
            return;
          }
          assertionsChecked.add(params.get("client_assertion"));
          JsonObject answer = new JsonObject().put("access_token", TOKEN).put("token_type", "Bearer")
              .put("expires_in", 300);
          if (tokenPadding > 0) {
            answer.put("padding", "x".repeat(tokenPadding));
          }
          req.response().putHeader("content-type", "application/json").end(answer.encode());
        })
        .onFailure(e -> req.response().setStatusCode(401).end("{\"error\":\"invalid_client\"}"));
  }

  Future<Void> close() {
    certificate.delete();
    more.forEach(HttpServer::close);
    return server == null ? Future.succeededFuture() : server.close();
  }
}
