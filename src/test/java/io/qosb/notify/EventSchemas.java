package io.qosb.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The official event schemas of the two booking APIs (../shared/reference), with every {@code $ref}
 * resolved, also into other files, so that a CloudEvent body can be validated as the spec defines it.
 * OpenAPI-only keywords (discriminator, examples) are dropped; the rest is JSON Schema.
 */
final class EventSchemas {

  static final Path ROOT = Path.of("../shared/reference/camara/qos-booking/API_definitions");
  static final Path QB = ROOT.resolve("qos-booking.yaml");
  static final Path QBA = ROOT.resolve("qos-booking-and-assignment.yaml");

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private final Map<Path, JsonNode> documents = new HashMap<>();

  /** Skips the calling test, saying why, when the reference folder is not there. */
  static EventSchemas loadOrSkip() {
    Assumptions.assumeTrue(Files.isRegularFile(QB) && Files.isRegularFile(QBA),
        "official CAMARA specs not found at " + ROOT.toAbsolutePath().normalize() + ": event schema checks skipped");
    return new EventSchemas();
  }

  /**
   * Asserts that the CloudEvent is valid against the schema.
   *
   * @param file the API document
   * @param schema the event schema's name, e.g. {@code EventStatusChanged}
   */
  void assertValid(Path file, String schema, JsonObject event) {
    JsonNode inlined = inline(file, doc(file).at("/components/schemas/" + schema), 0);
    JsonObject json = new JsonObject(inlined.toString());
    Validator validator = Validator.create(JsonSchema.of(json), new JsonSchemaOptions().setDraft(Draft.DRAFT7)
        .setBaseUri("https://schemas.test/").setOutputFormat(OutputFormat.Basic));
    OutputUnit result = validator.validate(event);
    assertThat(result.getValid()).as(schema + " of " + event.encode() + ": " + result.getErrors()).isTrue();
  }

  private JsonNode inline(Path file, JsonNode node, int depth) {
    if (depth > 40) {
      throw new IllegalStateException("$ref nesting too deep in " + file);
    }
    if (node.isObject()) {
      if (node.has("$ref")) {
        String ref = node.get("$ref").asText();
        int hash = ref.indexOf('#');
        Path target = hash == 0 ? file : file.resolveSibling(ref.substring(0, hash)).normalize();
        return inline(target, doc(target).at(ref.substring(hash + 1)), depth + 1);
      }
      ObjectNode copy = YAML.createObjectNode();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (!f.getKey().equals("discriminator") && !f.getKey().equals("example") && !f.getKey().equals("examples")) {
          copy.set(f.getKey(), inline(file, f.getValue(), depth + 1));
        }
      }
      return copy;
    }
    if (node.isArray()) {
      ArrayNode copy = YAML.createArrayNode();
      node.forEach(n -> copy.add(inline(file, n, depth + 1)));
      return copy;
    }
    return node;
  }

  private JsonNode doc(Path file) {
    return documents.computeIfAbsent(file.normalize(), f -> {
      try {
        // the YAML 1.1 parser refuses the escaped slash of the CAMARA patterns; in a regex it means '/'
        return YAML.readTree(Files.readString(f).replace("\\/", "/"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}
