package io.qosb.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.FileSystem;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
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

/**
 * Vert.x's request validator, with the same checks and the same errors, made cheap enough for every
 * request: the schema validators of the contract are compiled once at startup instead of once per
 * request and parameter, and validation runs on the calling event loop instead of a worker (a body
 * is at most {@code http.maxBodyBytes}, so the work per request is bounded).
 *
 * <p>Measured on createBooking (issue 10): Vert.x 5.0.10's {@code RequestValidatorImpl} builds a
 * new {@code SchemaValidatorImpl} for the body and for each parameter of every request (a fifth of
 * the adapter's CPU) and hops to a worker and back.
 */
final class InlineRequestValidator extends RequestValidatorImpl {

  InlineRequestValidator(Vertx vertx, OpenAPIContract contract) {
    super(vertx, new CompiledContract(contract));
  }

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
