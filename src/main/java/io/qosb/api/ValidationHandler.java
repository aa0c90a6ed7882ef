package io.qosb.api;

import io.qosb.booking.ApiVersion;
import io.qosb.booking.CamaraException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Validates a request against its OpenAPI operation before any business handler runs, and fails it
 * with the CAMARA error the failure calls for. The body is parsed once, here; the handlers get that
 * object from the validated request. A valid request passes the contract's compiled checks; any
 * other goes through Vert.x's validation, which decides and explains. A JSON body sent without Content-Type is taken as
 * JSON (CAMARA's own test definitions send some that way); another media type gets 415.
 */
public final class ValidationHandler implements Handler<RoutingContext> {

  private static final RequestExtractor EXTRACTOR = RequestExtractor.withBodyHandler();

  private final Api api;
  private final Operation operation;
  private final InlineRequestValidator validator;
  private final Clock clock;

  /**
   * @param api the API whose error codes apply
   * @param operation the operation to validate against
   * @param validator the contract's validator
   * @param clock decides whether a sink access token has expired
   */
  ValidationHandler(Api api, Operation operation, InlineRequestValidator validator, Clock clock) {
    this.api = Objects.requireNonNull(api);
    this.operation = Objects.requireNonNull(operation);
    this.validator = Objects.requireNonNull(validator);
    this.clock = Objects.requireNonNull(clock);
  }

  @Override
  public void handle(RoutingContext rc) {
    Buffer body = rc.body().buffer();
    boolean hasBody = body != null && body.length() > 0;
    Object json = null;
    if (hasBody) {
      if (operation.getRequestBody() == null) {
        rc.fail(CamaraException.invalidArgument("This operation takes no request body."));
        return;
      }
      String type = rc.request().getHeader(HttpHeaders.CONTENT_TYPE);
      if (type == null || type.isBlank()) {
        rc.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/json");
      } else if (!isJson(type)) {
        rc.fail(415);
        return;
      }
      try {
        json = Json.decodeValue(body);
      } catch (DecodeException e) {
        rc.fail(CamaraException.invalidArgument("Request body is not valid JSON."));
        return;
      }
    }
    ValidatedRequest valid;
    try {
      valid = validator.validateParsed(rc, operation, hasBody, json);
    } catch (StackOverflowError e) {
      rc.fail(tooLongToValidate(e));
      return;
    }
    if (valid != null) {
      proceed(rc, valid, json);
    } else {
      validateWithVertx(rc, json);
    }
  }

  /** Vert.x's validation decides the requests the compiled checks did not accept, and explains failures. */
  private void validateWithVertx(RoutingContext rc, Object json) {
    EXTRACTOR.extractValidatableRequest(rc, operation)
        .compose(request -> validateOrOverflow(request).recover(e -> e instanceof StackOverflowError so
            ? validator.validateOnLargeStack(request, operation.getOperationId(), so) : Future.failedFuture(e)))
        .onSuccess(validated -> proceed(rc, validated, json))
        .onFailure(e -> rc.fail(credentialError(json).orElseGet(() -> e instanceof StackOverflowError so
            ? tooLongToValidate(so) : ValidationErrors.toCamara(api, e))));
  }

  private Future<ValidatedRequest> validateOrOverflow(ValidatableRequest request) {
    try {
      return validator.validate(request, operation.getOperationId());
    } catch (StackOverflowError e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * The last line of defence against a validator that recurses per character of a value (issue 16:
   * vertx-json-schema's {@code uri} regex, which {@link SchemaCheck} no longer runs but Vert.x's own
   * validation still does on a body the compiled checks refused, and again on a large stack, {@link
   * InlineRequestValidator#validateOnLargeStack}): every valid body passes the compiled checks, which do
   * not recurse per character, so a request that overflows both stacks is an invalid one with a value
   * of hundreds of thousands of characters. It gets 400 INVALID_ARGUMENT (logged as a client error,
   * without a stack trace), not a 500.
   */
  private static CamaraException tooLongToValidate(StackOverflowError e) {
    return CamaraException.invalidArgument(
        "Client specified an invalid argument, request body or query param: a value is too long to be validated.");
  }

  /** A valid request goes on, unless v0.1 leaves a string unbounded that the store bounds ({@link V01Bounds}). */
  private void proceed(RoutingContext rc, ValidatedRequest validated, Object json) {
    if (api.version() == ApiVersion.V0_1) {
      try {
        V01Bounds.check(json);
      } catch (CamaraException e) {
        rc.fail(e);
        return;
      }
    }
    rc.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
    rc.next();
  }

  /**
   * Credential problems have their own codes and come first (SPEC-NOTES §1.6): the schema's oneOf
   * reports them mixed with the errors of the branches that did not apply.
   */
  private Optional<CamaraException> credentialError(Object body) {
    if (body instanceof JsonObject o && o.getValue("sinkCredential") instanceof JsonObject) {
      try {
        SinkInput.credential(o, clock, api.version() == null ? ApiVersion.V0_2 : api.version());
      } catch (CamaraException e) {
        return Optional.of(e);
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static boolean isJson(String contentType) {
    String media = contentType.split(";", 2)[0].trim().toLowerCase();
    return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
  }

  /** @return the validated request of a routing context that passed this handler */
  public static ValidatedRequest validated(RoutingContext rc) {
    return Objects.requireNonNull(rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST), "request not validated");
  }
}
