package io.qosb.api;

import io.qosb.booking.CamaraException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become CAMARA {@code ErrorInfo} answers {@code {status, code, message}}.
 * Client errors are logged without a stack trace; anything unexpected is a 500 INTERNAL whose body
 * holds no internal detail.
 */
public final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

  private ErrorResponses() {
  }

  /** @return the failure handler for the whole router */
  public static Handler<RoutingContext> failureHandler() {
    return rc -> {
      if (rc.response().ended() || rc.response().closed()) {
        return;
      }
      send(rc, toCamara(rc.failure(), rc.statusCode()), rc);
    };
  }

  /** @return a handler that answers the given status with its generic CAMARA code (for 404/405) */
  public static Handler<RoutingContext> statusHandler(int status) {
    return rc -> send(rc, toCamara(null, status), rc);
  }

  static CamaraException toCamara(Throwable failure, int status) {
    if (failure instanceof CamaraException ce) {
      return ce;
    }
    int effective = failure instanceof HttpException he ? he.getStatusCode() : status;
    return switch (effective) {
      case 400 -> CamaraException.invalidArgument("Client specified an invalid argument, request body or query param.");
      case 401 -> CamaraException.unauthenticated("Request not authenticated due to missing, invalid, or expired credentials.");
      case 403 -> CamaraException.permissionDenied("Client does not have sufficient permissions to perform this action.");
      case 404 -> new CamaraException(404, "NOT_FOUND", "The specified resource is not found.");
      case 405 -> new CamaraException(405, "METHOD_NOT_ALLOWED", "The requested method is not allowed/supported on the target resource.");
      case 413 -> new CamaraException(413, "PAYLOAD_TOO_LARGE", "The request body is larger than this service accepts.");
      case 415 -> new CamaraException(415, "UNSUPPORTED_MEDIA_TYPE", "The server refuses to accept the request because the payload format is in an unsupported format; send application/json.");
      case 503 -> CamaraException.unavailable("Service is temporarily unavailable; try again later.");
      default -> failure == null && status >= 400 && status < 500
          ? new CamaraException(status, "INVALID_ARGUMENT", "The request could not be processed.")
          : CamaraException.internal();
    };
  }

  /**
   * Writes an error answer, logging it once.
   *
   * @param rc the request
   * @param error the error to answer with
   * @param ctx the request whose failure caused it, for the log line
   */
  static void send(RoutingContext rc, CamaraException given, RoutingContext ctx) {
    Throwable failure = ctx.failure();
    Api api = rc.get(ApiRouter.API_KEY);
    CamaraException error = api == null ? given : api.inTerms(given);
    if (error.status() >= 500 && error.status() != 501) {
      LOG.error("request failed [method: {}, path: {}, correlator: {}]", rc.request().method(), rc.request().path(),
          Correlator.get(rc), failure);
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("client error [method: {}, path: {}, status: {}, code: {}, correlator: {}]", rc.request().method(),
          rc.request().path(), error.status(), error.code(), Correlator.get(rc));
    }
    HttpServerResponse response = rc.response();
    // a quota (429 QUOTA_EXCEEDED) does not free up after a second: no Retry-After for it
    if (error.status() == 503 || error.code().equals("TOO_MANY_REQUESTS")) {
      if (!response.headers().contains("Retry-After")) {
        response.putHeader("Retry-After", "1");
      }
    }
    response.setStatusCode(error.status()).putHeader("content-type", "application/json").end(body(error));
  }

  private static Buffer body(CamaraException error) {
    return new JsonObject().put("status", error.status()).put("code", error.code()).put("message", error.getMessage())
        .toBuffer();
  }

  /**
   * For {@code HttpServer.invalidRequestHandler}: a request that Netty could not decode, before any
   * routing, gets an ErrorInfo too (issue 15): a request line over the limit 414, headers over the
   * limit 431, anything else 400. The connection is closed afterwards, as Vert.x's default does.
   */
  public static void invalidRequest(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    CamaraException error = cause instanceof TooLongHttpLineException
        ? new CamaraException(414, "URI_TOO_LONG", "The request URI is longer than this service accepts.")
        : cause instanceof TooLongHttpHeaderException
            ? new CamaraException(431, "HEADERS_TOO_LARGE", "The request headers are larger than this service accepts.")
            : CamaraException.invalidArgument("The request is not a valid HTTP request.");
    LOG.debug("invalid http request refused [status: {}]", error.status());
    request.response().setStatusCode(error.status()).putHeader("content-type", "application/json")
        .putHeader("connection", "close").end(body(error)).onComplete(ar -> request.connection().close());
  }

  /** Answers with the given error right away. */
  public static void send(RoutingContext rc, CamaraException error) {
    send(rc, error, rc);
  }
}
