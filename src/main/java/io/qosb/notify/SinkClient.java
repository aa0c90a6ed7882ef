package io.qosb.notify;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonFormat;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * HTTPS calls to consumer endpoints: CloudEvents to sinks and token requests to authorization
 * servers. Each call is checked by the {@link SinkGuard} right before it is made and connects to the
 * address the guard checked (Host and SNI keep the name); redirects are not followed; every call is
 * bounded by the request timeout.
 */
final class SinkClient {

  static final String CLOUDEVENTS_JSON = "application/cloudevents+json";
  /** Largest token endpoint response read (issue 15); a larger one is a failed token request. */
  static final int MAX_TOKEN_RESPONSE = 64 * 1024;

  /** What a sink answered. */
  record Answer(int status, Duration retryAfter) {

    boolean delivered() {
      return status >= 200 && status < 300;
    }

    boolean gone() {
      return status == 410;
    }
  }

  private final WebClient client;
  private final SinkGuard guard;
  private final Duration timeout;
  private final JsonFormat format = new JsonFormat();

  SinkClient(Vertx vertx, SinkGuard guard, Duration timeout, boolean trustAll) {
    this.guard = Objects.requireNonNull(guard);
    this.timeout = Objects.requireNonNull(timeout);
    int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    this.client = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustAll(trustAll)
        .setVerifyHost(!trustAll).setForceSni(true).setFollowRedirects(false).setConnectTimeout(ms)
        .setIdleTimeout(ms).setIdleTimeoutUnit(TimeUnit.MILLISECONDS).setUserAgent("qos-booking-adapter"));
  }

  /** Loads the CloudEvents serialisation classes (call off the event loop). */
  void warmUp() {
    serialize(new OutboxEvent(0, java.util.UUID.randomUUID(), java.util.UUID.randomUUID(), "https://warm.up", null,
        "warm-up", "https://warm.up", "{}", Instant.EPOCH, 0, null, null));
  }

  /** The event as a structured-mode CloudEvent ({@code application/cloudevents+json}). */
  byte[] serialize(OutboxEvent e) {
    CloudEvent event = CloudEventBuilder.v1().withId(e.id().toString()).withSource(URI.create(e.source()))
        .withType(e.type()).withTime(e.createdAt().atOffset(ZoneOffset.UTC)).withDataContentType("application/json")
        .withData(e.data().getBytes(StandardCharsets.UTF_8)).build();
    return format.serialize(event);
  }

  /**
   * Posts the event to its sink.
   *
   * @param authorization the {@code Authorization} header value, or null for none
   */
  Future<Answer> send(OutboxEvent e, String authorization) {
    Buffer body = Buffer.buffer(serialize(e));
    return guard.target(e.sink()).compose(target -> {
      // the sink's response body is never used: it is read and dropped, never buffered
      HttpRequest<Void> request = request(target).as(BodyCodec.none()).putHeader("content-type", CLOUDEVENTS_JSON)
          .putHeader("x-correlator", e.id().toString());
      if (authorization != null) {
        request.putHeader("authorization", authorization);
      }
      return bounded(request.sendBuffer(body));
    }).map(r -> new Answer(r.statusCode(), retryAfter(r.getHeader("retry-after"))));
  }

  /** Posts a form to a token endpoint and answers the response, failed if its body exceeds {@link #MAX_TOKEN_RESPONSE}. */
  Future<HttpResponse<Buffer>> postForm(String url, MultiMap form) {
    return guard.target(url).compose(target -> bounded(request(target).as(CappedBody.codec(MAX_TOKEN_RESPONSE))
        .putHeader("accept", "application/json").sendForm(form)));
  }

  private HttpRequest<Buffer> request(SinkGuard.Target target) {
    URI uri = target.uri();
    String path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    SocketAddress pinned = SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress());
    long ms = timeout.toMillis();
    return client.request(HttpMethod.POST, pinned, target.port(), target.host(), path).ssl(true)
        .followRedirects(false).connectTimeout(ms).idleTimeout(ms).timeout(ms);
  }

  private <T> Future<T> bounded(Future<T> call) {
    return call.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A {@code Retry-After} of delta seconds or an HTTP date, as a duration from now; null if absent or invalid. */
  static Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(Instant.now(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (RuntimeException ignored) {
        return null;
      }
    }
  }

  Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
