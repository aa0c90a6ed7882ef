package io.qosb.api;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.common.dsl.SchemaType;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.Path;
import io.vertx.openapi.contract.SecurityRequirement;
import io.vertx.openapi.contract.SecurityScheme;
import io.vertx.openapi.contract.Server;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatableRequest;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.openapi.validation.impl.RequestParameterImpl;
import io.vertx.openapi.validation.impl.RequestValidatorImpl;
import io.vertx.openapi.validation.impl.ValidatedRequestImpl;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Vert.x's request validator, with the same checks and the same errors, made cheap enough for every
 * request. Two paths:
 *
 * <ul>
 *   <li>{@link #validateParsed}: the contract's parameter and body schemas are compiled at startup
 *       into {@link SchemaCheck}s, which accept a valid request without allocating per keyword;
 *       the body is the one the caller parsed. It answers null when it cannot accept the request.
 *   <li>{@link #validate(ValidatableRequest, String)}: Vert.x's own validation, for the requests
 *       the first path did not accept; it decides and explains every failure, so the errors are
 *       exactly those of Vert.x's validator. Its schema validators are also compiled once, and it
 *       runs on the calling event loop instead of a worker.
 * </ul>
 *
 * <p>A body is at most {@code http.maxBodyBytes}, so the work per request on the event loop is
 * bounded. Measured on createBooking (issues 10 and 16): Vert.x 5.0.10's {@code
 * RequestValidatorImpl} builds a new {@code SchemaValidatorImpl} for the body and for each
 * parameter of every request and hops to a worker and back; even compiled once, its validation of
 * a valid body allocates an output unit, URLs and sets per keyword (16-20 % of the CPU).
 */
final class InlineRequestValidator extends RequestValidatorImpl {

  private static final Logger LOG = LoggerFactory.getLogger(InlineRequestValidator.class);
  private static final ParameterTransformer SIMPLE = new SimpleTransformer();

  /** Compiled checks by schema identity; a schema missing here always takes Vert.x's path. */
  private final Map<JsonSchema, SchemaCheck> checks = new IdentityHashMap<>();

  InlineRequestValidator(Vertx vertx, OpenAPIContract contract) {
    super(vertx, new CompiledContract(contract));
    for (Operation op : contract.operations()) {
      for (Parameter p : op.getParameters()) {
        compile(op, p.getSchema(), contract);
      }
      if (op.getRequestBody() != null) {
        for (MediaType m : op.getRequestBody().getContent().values()) {
          compile(op, m.getSchema(), contract);
        }
      }
    }
  }

  private void compile(Operation op, JsonSchema schema, OpenAPIContract contract) {
    if (schema == null || checks.containsKey(schema)) {
      return;
    }
    try {
      checks.put(schema, SchemaCheck.compile(schema, contract.getSchemaRepository()));
    } catch (SchemaCheck.Unsupported e) {
      LOG.info("{}: a schema is validated by Vert.x only ({})", op.getOperationId(), e.getMessage());
    }
  }

  /**
   * Validates a request whose body the caller has parsed, if the compiled checks accept it.
   *
   * @param rc the request (headers and path parameters are read from it)
   * @param operation its operation
   * @param hasBody whether the request has a body
   * @param body the parsed JSON body
   * @return the validated request, holding {@code body} itself; null when the request must go
   *     through {@link #validate(ValidatableRequest, String)}, which answers as Vert.x would
   */
  ValidatedRequest validateParsed(RoutingContext rc, Operation operation, boolean hasBody, Object body) {
    Map<String, RequestParameter> headers = Map.of();
    Map<String, RequestParameter> path = Map.of();
    for (Parameter param : operation.getParameters()) {
      boolean header = param.getIn() == Location.HEADER;
      if (!header && param.getIn() != Location.PATH) {
        return null;
      }
      String raw = header ? rc.request().getHeader(param.getName()) : rc.pathParam(param.getName());
      RequestParameter value = raw == null ? missing(param) : parameter(param, raw);
      if (value == null) {
        return null;
      }
      if (header) {
        headers = put(headers, param.getName(), value);
      } else {
        path = put(path, param.getName(), value);
      }
    }
    RequestBody requestBody = operation.getRequestBody();
    RequestParameter validBody = hasBody
        ? body(requestBody, rc.request().getHeader(HttpHeaders.CONTENT_TYPE), body) : noBody(requestBody);
    return validBody == null ? null : new ValidatedRequestImpl(Map.of(), headers, path, Map.of(), validBody);
  }

  /** An absent optional parameter is null, as in Vert.x; anything else is left to Vert.x. */
  private static RequestParameter missing(Parameter param) {
    return param.isRequired() ? null : new RequestParameterImpl(null);
  }

  /**
   * A header or path parameter of simple style: the value Vert.x's transformer would make of it,
   * when that is certain without running it (the transformer tries to parse the text as JSON first,
   * which costs an exception for most texts), and when its schema accepts it.
   */
  private RequestParameter parameter(Parameter param, String raw) {
    SchemaCheck check = checks.get(param.getSchema());
    if (check == null || param.getStyle() != Style.SIMPLE || raw.indexOf('%') >= 0 || raw.indexOf('+') >= 0) {
      return null;
    }
    Object value;
    try {
      value = param.getSchemaType() == SchemaType.STRING && plainText(raw) ? raw : SIMPLE.transform(param, raw);
    } catch (RuntimeException e) {
      return null; // a text Vert.x cannot decode: its own path answers, with its error
    }
    return check.accepts(value) ? new RequestParameterImpl(value) : null;
  }

  /**
   * Whether Vert.x's transformer turns {@code raw} into the string itself: a word ({@code \w+}), or a
   * text of letters, digits and {@code _-.:} that is no JSON value (it starts with a letter no JSON
   * literal starts with, or with a digit without being a JSON number), so it parses as the quoted
   * string it is. UUIDs and most correlators are such texts.
   */
  static boolean plainText(String raw) {
    if (raw.isEmpty()) {
      return false;
    }
    boolean word = true;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      boolean wordChar = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '_';
      if (!wordChar && c != '-' && c != '.' && c != ':') {
        return false;
      }
      word &= wordChar;
    }
    char first = raw.charAt(0);
    if (word) {
      return true;
    }
    if (isDigit(first)) {
      return !isJsonNumber(raw);
    }
    return (first >= 'a' && first <= 'z' || first >= 'A' && first <= 'Z') && "tfnNI".indexOf(first) < 0;
  }

  /** JSON's number grammar, for a text that starts with a digit. */
  private static boolean isJsonNumber(String s) {
    int n = s.length();
    int i = s.charAt(0) == '0' ? 1 : digits(s, 0);
    if (i < n && s.charAt(i) == '.') {
      int from = i + 1;
      i = digits(s, from);
      if (i == from) {
        return false;
      }
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      int from = i + 1 < n && (s.charAt(i + 1) == '-' || s.charAt(i + 1) == '+') ? i + 2 : i + 1;
      i = digits(s, from);
      if (i == from) {
        return false;
      }
    }
    return i == n;
  }

  private static int digits(String s, int from) {
    int i = from;
    while (i < s.length() && isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** No body is valid where the operation takes none or an optional one. */
  private static RequestParameter noBody(RequestBody requestBody) {
    return requestBody == null || !requestBody.isRequired() ? new RequestParameterImpl(null) : null;
  }

  private RequestParameter body(RequestBody requestBody, String contentType, Object body) {
    if (requestBody == null) {
      return null;
    }
    MediaType mediaType = contentType == null || hasSpace(contentType) ? null : mediaType(requestBody, contentType);
    SchemaCheck check = mediaType == null ? null : checks.get(mediaType.getSchema());
    return check != null && isSchemaValidationRequired(mediaType) && check.accepts(body) ? new RequestParameterImpl(body) : null;
  }

  /**
   * {@link RequestBody#determineContentType} without its regex: the declared type equal to, else
   * the first that starts, the content type. Null when unsure (white space), which takes Vert.x's path.
   */
  private static MediaType mediaType(RequestBody requestBody, String contentType) {
    Map<String, MediaType> content = requestBody.getContent();
    MediaType exact = content.get(contentType);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, MediaType> declared : content.entrySet()) {
      if (hasSpace(declared.getKey())) {
        return null;
      }
      if (contentType.startsWith(declared.getKey())) {
        return declared.getValue();
      }
    }
    return null;
  }

  /** Vert.x removes white space from content types with a regex; such types take its path. */
  private static boolean hasSpace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return true;
      }
    }
    return false;
  }

  private static Map<String, RequestParameter> put(Map<String, RequestParameter> map, String name, RequestParameter value) {
    Map<String, RequestParameter> m = map.isEmpty() ? new HashMap<>(4) : map;
    m.put(name, value);
    return m;
  }

  /**
   * Vert.x's validation of a request, on a thread with a large stack ({@value #DEEP_STACK_MB} MB,
   * reserved, used as deep as the work goes), for a request whose validation overflowed the event
   * loop's stack: vertx-json-schema's {@code uri} / {@code uri-reference} regexes recurse once per
   * character of a value (issue 16). Only requests the compiled checks refused get here (those never
   * recurse per character), with a value of thousands of characters: rare, one at a time, a bounded
   * queue ({@value #DEEP_QUEUE}), the answer given back on the caller's context.
   *
   * @return the validation's outcome; failed with the StackOverflowError again if it overflowed this
   *     stack too, or if the queue is full
   */
  Future<ValidatedRequest> validateOnLargeStack(ValidatableRequest request, String operationId, StackOverflowError cause) {
    Context context = Vertx.currentContext();
    Promise<ValidatedRequest> promise = Promise.promise();
    try {
      DEEP.execute(() -> {
        Future<ValidatedRequest> outcome;
        try {
          outcome = validate(request, operationId);
        } catch (StackOverflowError e) {
          outcome = Future.failedFuture(e);
        }
        outcome.onComplete(r -> {
          if (context == null) {
            promise.handle(r);
          } else {
            context.runOnContext(v -> promise.handle(r));
          }
        });
      });
    } catch (RejectedExecutionException e) {
      promise.fail(cause);
    }
    return promise.future();
  }

  private static final int DEEP_STACK_MB = 512;
  private static final int DEEP_QUEUE = 16;
  private static final ExecutorService DEEP = new ThreadPoolExecutor(0, 1, 30, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(DEEP_QUEUE), r -> {
        Thread t = new Thread(null, r, "qosb-deep-validation", (long) DEEP_STACK_MB << 20);
        t.setDaemon(true);
        return t;
      });

  @Override
  public Future<ValidatedRequest> validate(ValidatableRequest request, String operationId) {
    return getOperation(operationId).map(operation -> {
      Map<String, RequestParameter> cookies = new HashMap<>();
      Map<String, RequestParameter> headers = new HashMap<>();
      Map<String, RequestParameter> path = new HashMap<>();
      Map<String, RequestParameter> query = new HashMap<>();
      for (Parameter param : operation.getParameters()) {
        String name = param.getName();
        switch (param.getIn()) {
          case COOKIE -> cookies.put(name, validateParameter(param, request.getCookies().get(name)));
          case HEADER -> headers.put(name, validateParameter(param, request.getHeaders().get(name)));
          case PATH -> path.put(name, validateParameter(param, request.getPathParameters().get(name)));
          case QUERY -> query.put(name, validateParameter(param, request.getQuery().get(name)));
          default -> throw new IllegalStateException("parameter location " + param.getIn());
        }
      }
      RequestParameter body = operation.getRequestBody() == null ? new RequestParameterImpl(null)
          : validateBody(operation.getRequestBody(), request);
      return new ValidatedRequestImpl(cookies, headers, path, query, body);
    });
  }

  /** The contract, with a schema repository that hands out validators compiled once. */
  private static final class CompiledContract implements OpenAPIContract {
    private final OpenAPIContract contract;
    private final SchemaRepository schemas;

    CompiledContract(OpenAPIContract contract) {
      this.contract = contract;
      this.schemas = new CompiledSchemas(contract);
    }

    @Override
    public SchemaRepository getSchemaRepository() {
      return schemas;
    }

    @Override
    public Operation operation(String operationId) {
      return contract.operation(operationId);
    }

    @Override
    public List<Operation> operations() {
      return contract.operations();
    }

    @Override
    public List<Path> getPaths() {
      return contract.getPaths();
    }

    @Override
    public JsonObject getRawContract() {
      return contract.getRawContract();
    }

    @Override
    public OpenAPIVersion getVersion() {
      return contract.getVersion();
    }

    @Override
    public List<Server> getServers() {
      return contract.getServers();
    }

    @Override
    public Path findPath(String urlPath) {
      return contract.findPath(urlPath);
    }

    @Override
    public Operation findOperation(String urlPath, HttpMethod method) {
      return contract.findOperation(urlPath, method);
    }

    @Override
    public List<SecurityRequirement> getSecurityRequirements() {
      return contract.getSecurityRequirements();
    }

    @Override
    public SecurityScheme securityScheme(String name) {
      return contract.securityScheme(name);
    }
  }

  /**
   * The contract's repository; {@link #validator(JsonSchema)} answers from validators compiled at
   * construction for every parameter and body schema of the contract (looked up by identity: the
   * contract hands out the same schema object each time).
   */
  private static final class CompiledSchemas implements SchemaRepository {
    private final SchemaRepository repository;
    private final Map<JsonSchema, Validator> compiled = new IdentityHashMap<>();

    CompiledSchemas(OpenAPIContract contract) {
      this.repository = contract.getSchemaRepository();
      for (Operation op : contract.operations()) {
        for (Parameter p : op.getParameters()) {
          compiled.computeIfAbsent(p.getSchema(), repository::validator);
        }
        if (op.getRequestBody() != null) {
          for (MediaType m : op.getRequestBody().getContent().values()) {
            if (m.getSchema() != null) {
              compiled.computeIfAbsent(m.getSchema(), repository::validator);
            }
          }
        }
      }
    }

    @Override
    public Validator validator(JsonSchema schema) {
      Validator v = compiled.get(schema);
      return v != null ? v : repository.validator(schema);
    }

    @Override
    public SchemaRepository dereference(JsonSchema schema) {
      return repository.dereference(schema);
    }

    @Override
    public SchemaRepository dereference(String uri, JsonSchema schema) {
      return repository.dereference(uri, schema);
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs) {
      return repository.preloadMetaSchema(fs);
    }

    @Override
    public SchemaRepository preloadMetaSchema(FileSystem fs, Draft draft) {
      return repository.preloadMetaSchema(fs, draft);
    }

    @Override
    public Validator validator(String ref) {
      return repository.validator(ref);
    }

    @Override
    public Validator validator(String ref, JsonSchemaOptions options) {
      return repository.validator(ref, options);
    }

    @Override
    public Validator validator(JsonSchema schema, JsonSchemaOptions options, boolean dereference) {
      return repository.validator(schema, options, dereference);
    }

    @Override
    public JsonObject resolve(JsonObject schema) {
      return repository.resolve(schema);
    }

    @Override
    public JsonSchema find(String pointer) {
      return repository.find(pointer);
    }
  }
}
