package io.qosb.acceptance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The official CAMARA OpenAPI documents of {@code ../shared/reference/camara}, read as they are: each
 * document and the Commonalities files it refers to are registered in one JSON Schema repository
 * under their file URIs, so that relative external {@code $ref}s ({@code ../common/CAMARA_common.yaml#...})
 * resolve. The QoS Profiles document refers to {@code ../common/} next to its own folder, where the
 * reference set has no copy: the same Commonalities files (of the QoS Booking repository, release 0.8)
 * are registered under that URI too.
 */
final class OfficialSpecs {

  /** The folder of the official files, relative to the project. */
  static final Path REFERENCE = Path.of("..", "shared", "reference", "camara");
  /** The feature files of the released QoS Booking r1.2 (v0.1), the suite's second feature root. */
  static final Path RELEASE_FEATURES = Path.of("..", "shared", "reference", "releases", "qos-booking-r1.2",
      "Test_definitions");

  /**
   * One API in one version, with its official document and the adapter's base path: the three APIs
   * as the wip documents define them, and QoS Booking and Assignment and QoS Booking as released in
   * r1.2 (v0.1, served by the adapter beside v0.2, issue 17). Which one a scenario uses is chosen by
   * the resource paths of its feature file ({@code /qos-booking/vwip/...} or {@code /qos-booking/v0.1/...}).
   */
  enum Spec {
    QBA("qos-booking/API_definitions/qos-booking-and-assignment.yaml", "/qos-booking-and-assignment/vwip",
        io.qosb.api.Api.QOS_BOOKING_AND_ASSIGNMENT, "QBA"),
    QB("qos-booking/API_definitions/qos-booking.yaml", "/qos-booking/vwip", io.qosb.api.Api.QOS_BOOKING, "QB"),
    QP("quality-on-demand/qos-profiles.yaml", "/qos-profiles/vwip", io.qosb.api.Api.QOS_PROFILES, "QP"),
    QBA_V01("qos-booking/r1.2/qos-booking-and-assignment.yaml", "/qos-booking-and-assignment/v0.1",
        io.qosb.api.Api.QOS_BOOKING_AND_ASSIGNMENT_V0_1, "QBA"),
    QB_V01("qos-booking/r1.2/qos-booking.yaml", "/qos-booking/v0.1", io.qosb.api.Api.QOS_BOOKING_V0_1, "QB");

    final String file;
    final String officialBase;
    final io.qosb.api.Api adapterApi;
    /** The API whatever its version: QBA, QB or QP. */
    final String family;

    Spec(String file, String officialBase, io.qosb.api.Api adapterApi, String family) {
      this.file = file;
      this.officialBase = officialBase;
      this.adapterApi = adapterApi;
      this.family = family;
    }

    boolean isQba() {
      return "QBA".equals(family);
    }

    boolean isQb() {
      return "QB".equals(family);
    }

    /** @return the spec whose official base path starts the resource, e.g. /qos-booking/vwip/... */
    static Spec ofResource(String resource) {
      for (Spec s : values()) {
        if (resource.startsWith(s.officialBase + "/")) {
          return s;
        }
      }
      throw new IllegalArgumentException("No API of this adapter serves " + resource);
    }
  }

  /** An operation of an official document. */
  record Operation(Spec spec, String operationId, String method, String path, Map<String, String> responseSchemas) {
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static OfficialSpecs instance;

  private final SchemaRepository repository;
  private final Map<Spec, JsonObject> documents = new LinkedHashMap<>();
  private final Map<String, Operation> operations = new LinkedHashMap<>();
  private final Map<String, JsonObject> byUri = new LinkedHashMap<>();

  private OfficialSpecs() {
    repository = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT4)
        .setBaseUri("https://camara.invalid/").setOutputFormat(OutputFormat.Basic));
    Path common = REFERENCE.resolve("qos-booking/common");
    for (String name : List.of("CAMARA_common.yaml", "CAMARA_event_common.yaml")) {
      JsonObject doc = read(common.resolve(name));
      register(common.resolve(name), doc);
      register(REFERENCE.resolve("common").resolve(name), doc);
    }
    for (Spec spec : Spec.values()) {
      Path file = REFERENCE.resolve(spec.file);
      if (!Files.isRegularFile(file) && spec.adapterApi.basePath().endsWith("/v0.1")) {
        continue; // r1.2 documents absent: no v0.1 feature can name them (see ReferenceCheck)
      }
      JsonObject doc = read(file);
      documents.put(spec, doc);
      register(file, doc);
      collectOperations(spec, doc);
    }
  }

  static synchronized OfficialSpecs get() {
    if (instance == null) {
      instance = new OfficialSpecs();
    }
    return instance;
  }

  /** @return true when the reference folder is present */
  static boolean present() {
    return Files.isDirectory(REFERENCE.resolve("qos-booking/Test_definitions"))
        && Files.isRegularFile(REFERENCE.resolve(Spec.QP.file));
  }

  /**
   * @return true when the r1.2 feature files are present (their scenarios then need the r1.2
   *     documents too, and fail naming the missing one if not)
   */
  static boolean releasePresent() {
    return Files.isDirectory(RELEASE_FEATURES);
  }

  private void register(Path file, JsonObject doc) {
    byUri.put(uri(file), doc);
    repository.dereference(uri(file), JsonSchema.of(absoluteRefs(file, discriminators(doc.copy()))));
  }

  /**
   * JSON Schema ignores OpenAPI's {@code discriminator}, so an {@code Area} would be checked for its
   * {@code areaType} only. For each schema with a discriminator mapping (CAMARA's pattern: the
   * subtype is {@code allOf: [base, extension]}), adds {@code anyOf}: an unmapped value, or a mapped
   * value together with that subtype's extension (not the base again, which would recurse).
   */
  private static JsonObject discriminators(JsonObject doc) {
    JsonObject schemas = doc.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
    for (String name : schemas.fieldNames()) {
      if (!(schemas.getValue(name) instanceof JsonObject schema) || schema.containsKey("oneOf")
          || schema.containsKey("anyOf") || !(schema.getValue("discriminator") instanceof JsonObject d)
          || !(d.getValue("mapping") instanceof JsonObject mapping)) {
        continue;
      }
      String property = d.getString("propertyName");
      io.vertx.core.json.JsonArray branches = new io.vertx.core.json.JsonArray();
      io.vertx.core.json.JsonArray mapped = new io.vertx.core.json.JsonArray();
      for (String value : mapping.fieldNames()) {
        String ref = mapping.getString(value);
        if (!ref.startsWith("#/components/schemas/")) {
          continue;
        }
        JsonObject subtype = schemas.getJsonObject(ref.substring("#/components/schemas/".length()));
        if (subtype == null || subtype.getJsonArray("allOf") == null) {
          continue;
        }
        io.vertx.core.json.JsonArray parts = new io.vertx.core.json.JsonArray()
            .add(new JsonObject().put("properties", new JsonObject().put(property,
                new JsonObject().put("enum", new io.vertx.core.json.JsonArray().add(value)))));
        for (Object part : subtype.getJsonArray("allOf")) {
          if (!(part instanceof JsonObject o && ("#/components/schemas/" + name).equals(o.getString("$ref")))) {
            parts.add(((JsonObject) part).copy());
          }
        }
        mapped.add(value);
        branches.add(new JsonObject().put("allOf", parts));
      }
      if (!mapped.isEmpty()) {
        branches.add(new JsonObject().put("properties", new JsonObject().put(property,
            new JsonObject().put("not", new JsonObject().put("enum", mapped)))));
        schema.put("anyOf", branches);
      }
    }
    return doc;
  }

  /** Rewrites external {@code $ref}s to normalised absolute URIs (the repository does not fold "..") . */
  private static JsonObject absoluteRefs(Path file, JsonObject node) {
    for (String key : node.fieldNames()) {
      Object v = node.getValue(key);
      if ("$ref".equals(key) && v instanceof String ref && !ref.startsWith("#")) {
        int hash = ref.indexOf('#');
        String part = hash < 0 ? ref : ref.substring(0, hash);
        node.put(key, uri(file.resolveSibling(part)) + (hash < 0 ? "" : ref.substring(hash)));
      } else if (v instanceof JsonObject o) {
        absoluteRefs(file, o);
      } else if (v instanceof io.vertx.core.json.JsonArray a) {
        for (Object item : a) {
          if (item instanceof JsonObject o) {
            absoluteRefs(file, o);
          }
        }
      }
    }
    return node;
  }

  private static String uri(Path file) {
    return file.toAbsolutePath().normalize().toUri().toString();
  }

  private static JsonObject read(Path file) {
    try {
      // YAML 1.1 parsers refuse the "\/" escape the CAMARA files use in double-quoted patterns;
      // in a regular expression "\/" and "/" mean the same.
      String text = Files.readString(file).replace("\\/", "/");
      return new JsonObject(YAML.readValue(text, Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  private void collectOperations(Spec spec, JsonObject doc) {
    JsonObject paths = doc.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || !op.containsKey("operationId")) {
          continue;
        }
        Map<String, String> schemas = new LinkedHashMap<>();
        JsonObject responses = op.getJsonObject("responses", new JsonObject());
        for (String status : responses.fieldNames()) {
          if (!(responses.getValue(status) instanceof JsonObject)) {
            continue;
          }
          schemas.put(status, responseSchemaRef(spec, responses.getJsonObject(status), "#/paths/"
              + escape(path) + "/" + method + "/responses/" + status));
        }
        String id = op.getString("operationId");
        operations.put(spec + ":" + id, new Operation(spec, id, method.toUpperCase(), path, schemas));
      }
    }
  }

  /** A response's JSON schema as an absolute pointer, following response $refs; null if no JSON body. */
  private String responseSchemaRef(Spec spec, JsonObject response, String pointer) {
    String file = uri(REFERENCE.resolve(spec.file));
    JsonObject current = response;
    String at = file + pointer;
    for (int hops = 0; current.containsKey("$ref") && hops < 10; hops++) {
      String ref = current.getString("$ref");
      at = resolveRef(at, ref);
      current = lookup(at);
    }
    JsonObject content = current.getJsonObject("content");
    if (content == null || content.getJsonObject("application/json") == null
        || content.getJsonObject("application/json").getJsonObject("schema") == null) {
      return null;
    }
    return at + "/content/application~1json/schema";
  }

  private static String resolveRef(String from, String ref) {
    String base = from.substring(0, from.indexOf('#'));
    if (ref.startsWith("#")) {
      return base + ref;
    }
    int hash = ref.indexOf('#');
    Path file = Path.of(java.net.URI.create(base)).resolveSibling(ref.substring(0, hash));
    return uri(file) + ref.substring(hash);
  }

  private JsonObject lookup(String absolute) {
    int hash = absolute.indexOf('#');
    JsonObject doc = byUri.get(absolute.substring(0, hash));
    Object node = doc == null ? null
        : io.vertx.core.json.pointer.JsonPointer.from(absolute.substring(hash + 1)).queryJson(doc);
    if (!(node instanceof JsonObject o)) {
      throw new IllegalStateException("Unresolvable reference " + absolute);
    }
    return o;
  }

  private static String escape(String path) {
    return path.replace("~", "~0").replace("/", "~1").replace("{", "%7B").replace("}", "%7D");
  }

  /** @return the operation of the spec, or empty if the spec has none of that id */
  Optional<Operation> operation(Spec spec, String operationId) {
    if (!documents.containsKey(spec)) {
      throw new IllegalStateException("the official " + spec + " document is not there: "
          + REFERENCE.resolve(spec.file).toAbsolutePath().normalize());
    }
    return Optional.ofNullable(operations.get(spec + ":" + operationId));
  }

  /**
   * Validates a JSON value against a schema of a spec.
   *
   * @param schemaRef {@code /components/schemas/X}, {@code #/components/schemas/X} or
   *     {@code ../common/CAMARA_common.yaml#/components/schemas/X}
   * @return the problems, empty when it complies
   */
  List<String> validate(Spec spec, String schemaRef, Object value) {
    return validateAbsolute(absolute(spec, schemaRef), value);
  }

  /**
   * The absolute location of a schema named as the feature files do. A {@code /components/schemas/X}
   * that the API document only uses by reference (e.g. QBA's Area, Device, SinkCredential) is the
   * Commonalities schema the document refers to.
   */
  private String absolute(Spec spec, String schemaRef) {
    String ref = schemaRef.startsWith("/") ? "#" + schemaRef : schemaRef;
    String base = uri(REFERENCE.resolve(spec.file)) + "#";
    String absolute = resolveRef(base, ref);
    if (ref.startsWith("#") && !exists(absolute)) {
      for (String common : List.of("../common/CAMARA_common.yaml", "../common/CAMARA_event_common.yaml")) {
        String candidate = resolveRef(base, common + ref);
        if (exists(candidate)) {
          return candidate;
        }
      }
    }
    return absolute;
  }

  private boolean exists(String absolute) {
    try {
      lookup(absolute);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Validates against a schema given by absolute URI with pointer. */
  List<String> validateAbsolute(String absolute, Object value) {
    OutputUnit out = repository.validator(absolute).validate(value);
    List<String> problems = new ArrayList<>();
    if (!Boolean.TRUE.equals(out.getValid())) {
      if (out.getErrors() == null || out.getErrors().isEmpty()) {
        problems.add(out.getError());
      } else {
        for (OutputUnit u : out.getErrors()) {
          problems.add(u.getInstanceLocation() + ": " + u.getError() + " (" + u.getKeywordLocation() + ")");
        }
      }
    }
    return problems;
  }

  /** @return whether the schema exists in the spec */
  boolean hasSchema(Spec spec, String schemaRef) {
    return exists(absolute(spec, schemaRef));
  }
}
