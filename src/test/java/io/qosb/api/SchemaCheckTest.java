package io.qosb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Map;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The compiled checks must accept exactly what Vert.x's validator accepts, else a request would
 * get a different answer on the fast path. For every request body schema of the project's
 * documents: the documents' own examples and thousands of mutants of them (each property removed,
 * replaced by a value of every JSON type and by boundary values, unknown properties added, arrays
 * emptied or overfilled, and random combinations) are judged by both; the verdicts must agree, and
 * the schemas must compile (else every request of that operation would take the slow path). The
 * same for header and path parameters, which also must be turned into the same value as Vert.x
 * turns them into.
 */
class SchemaCheckTest {

  private static final List<Object> REPLACEMENTS = List.of("x", "", "2030-01-01T10:00:00Z", "ACCESSTOKEN", "CIRCLE",
      "+34600000001", "203.0.113.7", "2001:db8::1", "https://app.example.com/n", "QOS_M", "3fa85f64-5717-4562-b3fc-2c963f66afa6",
      "a".repeat(300), 0, 1, -1, 65535, 65536, 86400, 86401, 1.5, -90.5, 180.0, 1e12, 2147483648L, true, false,
      new JsonObject(), new JsonArray());
  private static final List<Object> NULLABLE = new ArrayList<>();

  static {
    NULLABLE.addAll(REPLACEMENTS);
    NULLABLE.add(null);
  }

  static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void compiledChecksAgreeWithVertxOnEveryBodyOfTheDocuments(Api api) {
    OpenAPIContract contract = OpenAPIContract.from(vertx, api.document()).await();
    int bodies = 0;
    for (Operation op : contract.operations()) {
      if (op.getRequestBody() == null) {
        continue;
      }
      MediaType media = op.getRequestBody().getContent().get("application/json");
      JsonSchema schema = media.getSchema();
      SchemaCheck check = SchemaCheck.compile(schema, contract.getSchemaRepository());
      Validator vertxValidator = contract.getSchemaRepository().validator(schema);
      List<Object> examples = examples(api, op);
      if (examples.isEmpty() && api.name().endsWith("_V0_1")) {
        // r1.2 gives no example for some bodies (QB retrieveBookingByDevice): the v0.2 document's, same shape
        examples = examples(Api.valueOf(api.name().substring(0, api.name().length() - "_V0_1".length())), op);
      }
      assertThat(examples).as(op.getOperationId() + " examples").isNotEmpty();
      int accepted = 0;
      for (Object body : corpus(examples)) {
        boolean expected = vertxValidator.validate(body).getValid();
        assertThat(check.accepts(body)).as(op.getOperationId() + ": " + Json.encode(body)).isEqualTo(expected);
        accepted += expected ? 1 : 0;
        bodies++;
      }
      assertThat(accepted).as(op.getOperationId() + " valid bodies in the corpus").isGreaterThan(examples.size() - 1);
    }
    assertThat(bodies).isGreaterThan(500);
  }

  @ParameterizedTest
  @EnumSource(Api.class)
  void parametersAreJudgedAsVertxJudgesThem(Api api) {
    OpenAPIContract contract = OpenAPIContract.from(vertx, api.document()).await();
    SimpleTransformer transformer = new SimpleTransformer();
    List<String> samples = List.of("abc", "abc_1", "3fa85f64-5717-4562-b3fc-2c963f66afa6", "b4333c46-49c0-4f62-80d7-f0ef930f1c46",
        "12345678-1234-1234-1234-123456789012", "1e5", "1.5", "-1", "true", "true-x", "null-1", "false.x", "NaN-1",
        "Infinity-x", "QOS_E", "a-b.c:d", "x:1", "e5-1", "E-1", "0x1F-a", "_-", "-a", "name.with.dots", "Z",
        "a b", "<x>;{y}", "x".repeat(257), "3fa85f64-5717-4562-b3fc-2c963f66afa", "not/a/uuid", "1.", "0123", "1e5",
        "1E-5", "1e+5", "1.5e3", "0.5", "0", "-0", "9", "1e", "1.e5", "12.5-a", "1e5-x", "0-a", "00", "1:2", "1__",
        "4e4b3c2a-1d0f-4a8b-9c7d-6e5f4a3b2c1d", "7.0.1", "2030-01-01T10:00:00Z");
    for (Operation op : contract.operations()) {
      for (Parameter p : op.getParameters()) {
        SchemaCheck check = SchemaCheck.compile(p.getSchema(), contract.getSchemaRepository());
        Validator vertxValidator = contract.getSchemaRepository().validator(p.getSchema());
        for (String raw : samples) {
          Object value = transformer.transform(p, raw);
          if (InlineRequestValidator.plainText(raw)) {
            assertThat(value).as(p.getName() + " " + raw).isEqualTo(raw);
          }
          assertThat(check.accepts(value)).as(p.getName() + " " + raw).isEqualTo(vertxValidator.validate(value).getValid());
        }
      }
    }
    assertThat(samples).filteredOn(InlineRequestValidator::plainText)
        .contains("3fa85f64-5717-4562-b3fc-2c963f66afa6", "12345678-1234-1234-1234-123456789012", "b4333c46-49c0-4f62-80d7-f0ef930f1c46")
        .doesNotContain("1.5", "-1", "1E-5", "1e+5", "0.5", "true-x", "a b");
  }

  /** The request examples of an operation, read from the YAML document itself. */
  private static List<Object> examples(Api api, Operation op) {
    JsonObject doc;
    try (InputStream in = SchemaCheckTest.class.getClassLoader().getResourceAsStream(api.document())) {
      doc = new JsonObject(new ObjectMapper(new YAMLFactory()).readValue(in, Map.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    JsonObject media = doc.getJsonObject("paths").getJsonObject(op.getOpenAPIPath()).getJsonObject(op.getHttpMethod().name().toLowerCase())
        .getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json");
    List<Object> out = new ArrayList<>();
    JsonObject examples = media.getJsonObject("examples", new JsonObject());
    for (String name : examples.fieldNames()) {
      JsonObject example = examples.getJsonObject(name);
      String ref = example.getString("$ref");
      if (ref != null) {
        example = doc.getJsonObject("components").getJsonObject("examples").getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
      }
      out.add(Json.decodeValue(Json.encode(example.getValue("value"))));
    }
    return out;
  }

  /** Examples, their single mutants, and random pairs of mutations (fixed seed). */
  private static List<Object> corpus(List<Object> examples) {
    List<Object> out = new ArrayList<>(examples);
    for (Object example : examples) {
      out.addAll(mutants(example));
    }
    Random random = new Random(16);
    int singles = out.size();
    for (int i = 0; i < 400; i++) {
      List<Object> second = mutants(out.get(examples.size() + random.nextInt(singles - examples.size())));
      if (!second.isEmpty()) {
        out.add(second.get(random.nextInt(second.size())));
      }
    }
    return out;
  }

  /** Every single mutation of a body, each on a fresh copy. */
  private static List<Object> mutants(Object body) {
    List<Object> out = new ArrayList<>();
    int sites = count(body);
    for (int site = 0; site < sites; site++) {
      int at = site;
      for (Object value : NULLABLE) {
        out.add(mutate(body, at, holder -> holder.set(copy(value))));
      }
      out.add(mutate(body, at, Holder::remove));
      out.add(mutate(body, at, holder -> holder.addUnknown()));
      out.add(mutate(body, at, holder -> holder.overfill()));
    }
    out.removeIf(o -> o == null);
    return out;
  }

  private static Object copy(Object o) {
    return o instanceof JsonObject j ? j.copy() : o instanceof JsonArray a ? a.copy() : o;
  }

  /** Number of values under the root (each a site to mutate). */
  private static int count(Object o) {
    int n = 0;
    if (o instanceof JsonObject j) {
      for (String k : j.fieldNames()) {
        n += 1 + count(j.getValue(k));
      }
    } else if (o instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        n += 1 + count(a.getValue(i));
      }
    }
    return n;
  }

  private static Object mutate(Object body, int site, Consumer<Holder> change) {
    Object copy = copy(body);
    int[] left = {site};
    Holder h = find(copy, left);
    if (h == null) {
      return null;
    }
    change.accept(h);
    return copy;
  }

  private static Holder find(Object o, int[] left) {
    if (o instanceof JsonObject j) {
      for (String k : new ArrayList<>(j.fieldNames())) {
        if (left[0]-- == 0) {
          return new Holder(j, k, -1);
        }
        Holder h = find(j.getValue(k), left);
        if (h != null) {
          return h;
        }
      }
    } else if (o instanceof JsonArray a) {
      for (int i = 0; i < a.size(); i++) {
        if (left[0]-- == 0) {
          return new Holder(a, null, i);
        }
        Holder h = find(a.getValue(i), left);
        if (h != null) {
          return h;
        }
      }
    }
    return null;
  }

  /** A place in a body: a key of an object or an index of an array. */
  private record Holder(Object parent, String key, int index) {

    Object value() {
      return parent instanceof JsonObject j ? j.getValue(key) : ((JsonArray) parent).getValue(index);
    }

    void set(Object value) {
      if (parent instanceof JsonObject j) {
        j.put(key, value);
      } else {
        ((JsonArray) parent).set(index, value);
      }
    }

    void remove() {
      if (parent instanceof JsonObject j) {
        j.remove(key);
      } else {
        ((JsonArray) parent).remove(index);
      }
    }

    void addUnknown() {
      if (value() instanceof JsonObject j) {
        j.put("unknownProperty", 1);
      } else if (parent instanceof JsonObject j) {
        j.put("unknownProperty", "x");
      }
    }

    void overfill() {
      if (value() instanceof JsonArray a && !a.isEmpty()) {
        for (int i = 0; i < 12; i++) {
          a.add(copy(a.getValue(0)));
        }
      } else if (value() instanceof JsonArray a) {
        a.add("x");
      } else {
        set(new JsonArray().add(copy(value())));
      }
    }
  }
}
