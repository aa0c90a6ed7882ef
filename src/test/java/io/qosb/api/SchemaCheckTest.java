package io.qosb.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.Validator;
import io.vertx.json.schema.impl.Format;
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
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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
      "a".repeat(300), "https://app.example.com/" + "p".repeat(600), "https://app.example.com/a b", "relative/path",
      "http://[2001:db8::1]:8080/x?y#z", "https://app.exämple.com/n", "urn:isbn:0451450523", "//host/only", "%zz", 0, 1, -1, 65535, 65536, 86400, 86401, 1.5, -90.5, 180.0, 1e12, 2147483648L, true, false,
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

  /**
   * {@code format: uri} and {@code uri-reference} are judged by {@link UriFormat} (the fast path),
   * vertx-json-schema judges them with regexes: the verdicts must agree on hand-picked values
   * (valid, invalid, relative, IP literals, percent-encoding, spaces, unicode, quotes, long), on
   * random URIs assembled from valid and invalid parts, and on random strings of URI characters.
   * Vert.x's regexes run on a thread with a large stack (they recurse once per character).
   */
  @Test
  void uriFormatsGiveVertxVerdicts() {
    List<String> values = new ArrayList<>(List.of("", "a", "a:", "a:b", "1a:b", "a1+-.:b", "a_b:c", ":b", "https://app.example.com/n",
        "https://app.example.com", "https://", "https:", "https:/", "https:///", "https:////x", "https:/x/y", "https:x/y",
        "http://user:pw@host:8080/p?q=1#f", "http://@host", "http://u@h@x", "http://host:", "http://host:80a",
        "http://host:80:80", "http://[::1]", "http://[::1]:80/x", "http://[2001:db8::1]", "http://[2001:db8::1", "http://[::1]x",
        "http://[v1.fe80::a+en1]", "http://[V1f.x]", "http://[v.x]", "http://[v1.]", "http://[1:2:3:4:5:6:7:8]",
        "http://[1:2:3:4:5:6:7:8:9]", "http://[::ffff:192.0.2.1]", "http://[::ffff:192.0.2.256]", "http://[ffff::]",
        "http://[1:2:3:4:5:6:192.168.100.200]", "http://192.0.2.1/", "http://999.1.1.1/", "http://a b/", "http://host/a b",
        "http://host/a%20b", "http://host/a%2", "http://host/a%zz", "http://host/%", "http://ho%41st/", "http://host/?",
        "http://host/?a?b/c", "http://host/#a#b", "http://host/#", "http://host?x", "http://host#x", "a:?x", "a:#x",
        "http://host/\"q\"", "http://ho\"st/", "http://host/?\"", "http://host/#\"", "\"a\":b", "http://u\"@h/",
        "http://[v1.\"]/", "HTTPS://APP.EXAMPLE.COM/N", "http://host/é", "http://hé/", "http://host/ſ", "http://host/\u212a",
        "http://host/\ud83d\ude00", "ſ:x", "http://host/~!$&'()*+,;=:@", "http://h~!$&'()*+,;=/", "http://host/[]",
        "http://host/<>", "http://host/{}", "http://host/|", "http://host/^", "http://host/`", "http://host/\\",
        "mailto:a@b.c", "urn:isbn:0451450523", "tel:+34600000001", "file:///etc/hosts", "relative/path", "/absolute/path",
        "//host/path", "//host", "/", "//", "///", "?q", "#f", "./a", "../a", "a:b:c", "a/b:c", "x y", " https://h/",
        "https://h/ ", "https://h/\t", "https://h/\n", "https://h/\r\n", "https://h/\n\n", "https://h/\r", "https://h/\n\r",
        "https://h/\u0085", "https://h/\u2028", "https://h/\u2029", "https://h/\u000b", "\n", "a:b\r\n\n", "https://h/x\r\r\n", "%41:b", "a%41:b", "http://host:8080", "http://:80", "http://h:/"));
    values.add("https://app.example.invalid/" + "a".repeat(2_048 - "https://app.example.invalid/".length()));
    values.add("https://app.example.invalid/" + "a/b%20".repeat(3_000));
    values.add("https://app.example.invalid/" + "a".repeat(50_000) + " ");
    values.add("https://app.example.invalid/" + "a".repeat(50_000) + "?" + "q".repeat(50_000) + "#" + "f".repeat(20_000));
    values.add("https://" + "h".repeat(30_000) + "/x");
    values.add("https://" + "u".repeat(30_000) + "@h:" + "1".repeat(30_000));
    values.add("a:" + "\"".repeat(10_000));
    values.add("x".repeat(40_000));
    Random random = new Random(1616);
    List<String> schemes = List.of("", "https:", "http:", "a:", "1:", "a b:", "urn:", "ſ:");
    List<String> starts = List.of("", "/", "//", "///");
    List<String> userinfos = List.of("", "u@", "u:p@", "u p@", "%41@", "@", "u\"@", "a@b@");
    List<String> hosts = List.of("", "h", "app.example.com", "192.0.2.1", "[::1]", "[v1.x]", "[x]", "h%2e", "h%2", "é", "h\"", "[");
    List<String> ports = List.of("", ":", ":80", ":8a", "::");
    List<String> paths = List.of("", "/", "/a", "/a/b", "//a", "/a b", "/%7e", "/é", "/\"", "/a:b@c", "a", "/[", "/%");
    List<String> queries = List.of("", "?", "?a=b", "?a?b/c", "?a b", "?\"", "?%");
    List<String> fragments = List.of("", "#", "#f", "#f#g", "#f/?", "#\"", "# ");
    for (int i = 0; i < 20_000; i++) {
      values.add(pick(random, schemes) + pick(random, starts) + pick(random, userinfos) + pick(random, hosts)
          + pick(random, ports) + pick(random, paths) + pick(random, queries) + pick(random, fragments));
    }
    String alphabet = "aZ09:/?#[]@!$&'()*+,;=-._~%fF \"<>\\^`{|}éſ\u212a\u00a0\ud83d\n\r\u2028";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = random.nextInt(16); n > 0; n--) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      values.add(b.toString());
    }
    int valid = 0;
    for (String format : List.of("uri", "uri-reference")) {
      boolean[] expected = onLargeStack(() -> {
        boolean[] verdicts = new boolean[values.size()];
        for (int i = 0; i < verdicts.length; i++) {
          verdicts[i] = Format.fastFormat(format, values.get(i));
        }
        return verdicts;
      });
      for (int i = 0; i < values.size(); i++) {
        String v = values.get(i);
        assertThat(SchemaCheck.format(format, v)).as(format + " " + (v.length() > 200 ? v.substring(0, 200) + "..." : v))
            .isEqualTo(expected[i]);
        valid += expected[i] ? 1 : 0;
      }
    }
    // both verdicts well represented (about 8 % of the values are valid)
    assertThat(valid).as("valid values among " + values.size() * 2).isBetween(values.size() / 10, values.size());
  }

  /**
   * The point of {@link UriFormat}: on a thread stack that Vert.x's uri regex overflows on a valid
   * URI of 2,048 characters, UriFormat judges URIs of 100,000 characters (its depth does not grow
   * with the length).
   */
  @Test
  void uriFormatDoesNotRecursePerCharacter() throws Exception {
    String sink = "https://app.example.invalid/" + "a".repeat(2_048 - "https://app.example.invalid/".length());
    String huge = "https://app.example.invalid/" + "a%20/".repeat(20_000) + "?" + "q".repeat(1_000);
    AtomicReference<Object> vertx = new AtomicReference<>();
    AtomicReference<Object> ours = new AtomicReference<>();
    Thread a = new Thread(null, () -> vertx.set(verdictOrError(() -> Format.fastFormat("uri", sink))), "small-stack-a", 64 * 1024);
    Thread b = new Thread(null, () -> ours.set(verdictOrError(() -> SchemaCheck.format("uri", sink) && SchemaCheck.format("uri", huge)
        && SchemaCheck.format("uri-reference", huge) && !SchemaCheck.format("uri", huge + " "))), "small-stack-b", 64 * 1024);
    a.start();
    b.start();
    a.join();
    b.join();
    assertThat(vertx.get()).as("Vert.x's uri regex on 2,048 characters, 64 KB of stack").isInstanceOf(StackOverflowError.class);
    assertThat(ours.get()).isEqualTo(Boolean.TRUE);
  }

  private static Object verdictOrError(Supplier<Boolean> verdict) {
    try {
      return verdict.get();
    } catch (StackOverflowError e) {
      return e;
    }
  }

  private static <T> T onLargeStack(Supplier<T> work) {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(null, () -> {
      try {
        result.set(work.get());
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "large-stack", 1L << 30);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    assertThat(failure.get()).isNull();
    return result.get();
  }

  private static String pick(Random random, List<String> parts) {
    return parts.get(random.nextInt(parts.size()));
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
