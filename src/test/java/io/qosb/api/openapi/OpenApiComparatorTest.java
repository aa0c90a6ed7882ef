package io.qosb.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves that the comparator behind {@link OpenApiConformanceTest} catches differences (so that
 * test cannot pass vacuously), treats equivalent compositions as equal, and that the allow-list
 * matches and reports stale entries. Works on the project's own documents only.
 */
class OpenApiComparatorTest {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Path QBA = OpenApiConformanceTest.PROJECT_DIR.resolve("qos-booking-and-assignment.yaml");
  private static final String CREATE = "/paths/~1qos-bookings/post";
  private static final String CREATE_BODY = CREATE + "/requestBody/content/application~1json/schema";

  @Test
  void aDocumentEqualsItself() {
    assertThat(differences(schemas -> { })).isEmpty();
  }

  @Test
  void catchesAChangedMaxLength() {
    List<Difference> found = differences(doc -> schema(doc, "Sink").put("maxLength", 2047));
    assertThat(found).contains(new Difference("mutated", CREATE_BODY + "/properties/sink", "maxLength", "2048", "2047"));
  }

  @Test
  void catchesARemovedEnumValueAndARequiredField() {
    List<Difference> found = differences(doc -> {
      ((ArrayNode) schema(doc, "Status").get("enum")).remove(3);
      ((ArrayNode) schema(doc, "BookingInput").get("required")).remove(2);
    });
    assertThat(found).anySatisfy(d -> {
      assertThat(d.location()).isEqualTo(CREATE + "/responses/201/content/application~1json/schema/properties/status");
      assertThat(d.keyword()).isEqualTo("enum");
    });
    assertThat(found).contains(new Difference("mutated", CREATE_BODY, "required",
        "duration | qosProfile | serviceArea | startTime", "qosProfile | serviceArea | startTime"));
  }

  @Test
  void catchesNestedConstraintsInsideDiscriminatorVariants() {
    List<Difference> found = differences(doc -> schema(doc, "Latitude").put("maximum", 91));
    assertThat(found).anySatisfy(d -> assertThat(d.location())
        .isEqualTo(CREATE_BODY + "/properties/serviceArea/{areaType=CIRCLE}/properties/center/properties/latitude"));
  }

  @Test
  void catchesOperationLevelChanges() {
    List<Difference> found = differences(doc -> {
      ObjectNode get = (ObjectNode) doc.at("/paths/~1qos-bookings~1{bookingId}/get");
      get.put("operationId", "readBooking");
      ((ObjectNode) doc.at("/paths/~1qos-bookings~1{bookingId}/delete/responses")).remove("409");
      ((ArrayNode) doc.at("/paths/~1qos-bookings/post/security/0/openId")).set(0, "qos-bookings:write");
      ((ObjectNode) doc.get("paths")).remove("/qos-bookings/retrieve");
    });
    assertThat(found).extracting(Difference::keyword)
        .contains("operationId", "responses", "security", "paths");
  }

  @Test
  void flatteningAllOfAndWritingADiscriminatorAsOneOfChangeNothing() throws IOException {
    String composed = """
        openapi: 3.0.3
        paths: {/a: {post: {operationId: a, requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/In'}}}}, responses: {'204': {description: x}}}}}
        components:
          schemas:
            Base: {type: object, properties: {q: {type: string, maxLength: 3}}, required: [q]}
            In: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, properties: {area: {$ref: '#/components/schemas/Area'}}}]}
            Area: {type: object, properties: {t: {type: string, enum: [C, P]}}, required: [t], discriminator: {propertyName: t, mapping: {C: '#/components/schemas/C'}}}
            C: {allOf: [{$ref: '#/components/schemas/Area'}, {type: object, properties: {r: {type: number, minimum: 1}}, required: [r]}]}
        """;
    String flattened = """
        openapi: 3.0.3
        paths: {/a: {post: {operationId: a, requestBody: {content: {application/json: {schema: {$ref: '#/components/schemas/In'}}}}, responses: {'204': {description: x}}}}}
        components:
          schemas:
            In: {type: object, properties: {q: {type: string, maxLength: 3}, area: {$ref: '#/components/schemas/Area'}}, required: [q]}
            Area:
              type: object
              properties: {t: {type: string, enum: [C, P]}}
              required: [t]
              oneOf: [{$ref: '#/components/schemas/C'}]
              discriminator: {propertyName: t, mapping: {C: '#/components/schemas/C'}}
            C: {type: object, properties: {t: {type: string, enum: [C]}, r: {type: number, minimum: 1}}, required: [t, r]}
        """;
    SpecLoader loader = new SpecLoader();
    Path a = Path.of("target", "composed.yaml");
    Path b = Path.of("target", "flattened.yaml");
    loader.register(a, YAML.readTree(composed));
    loader.register(b, YAML.readTree(flattened));
    assertThat(Facts.compare("t", ContractFacts.of(loader, a), ContractFacts.of(loader, b))).isEmpty();
  }

  @Test
  void allowListMatchesByGlobAndReportsStaleEntries() throws IOException {
    Path file = Files.createTempFile("allowlist", ".yaml");
    Files.writeString(file, """
        allowed:
          - document: d.yaml
            location: '/paths/**/sinkCredential/*'
            keyword: enum
            reason: test
          - document: d.yaml
            location: '/paths/~1never'
            reason: stale one
        """);
    Allowlist allowlist = Allowlist.load(file);
    Difference covered = new Difference("d.yaml", "/paths/~1x/post/requestBody/sinkCredential/x", "enum", "a", "b");
    Difference otherKeyword = new Difference("d.yaml", "/paths/~1x/post/requestBody/sinkCredential/x", "type", "a", "b");
    Difference deeper = new Difference("d.yaml", "/paths/~1x/sinkCredential/x/y", "enum", "a", "b");
    assertThat(allowlist.allows(covered)).isTrue();
    assertThat(allowlist.allows(otherKeyword)).isFalse();
    assertThat(allowlist.allows(deeper)).isFalse();
    assertThat(allowlist.unused(List.of(covered))).extracting(Allowlist.Entry::reason).containsExactly("stale one");
    Files.delete(file);
  }

  private static ObjectNode schema(JsonNode doc, String name) {
    return (ObjectNode) doc.at("/components/schemas/" + name);
  }

  /** Differences between the QBA document and a copy changed by {@code mutation}. */
  private static List<Difference> differences(Consumer<JsonNode> mutation) {
    try {
      SpecLoader loader = new SpecLoader();
      JsonNode copy = YAML.readTree(Files.readString(QBA).replace("\\/", "/"));
      mutation.accept(copy);
      Path mutated = QBA.resolveSibling("mutated-in-memory.yaml");
      loader.register(mutated, copy);
      return Facts.compare("mutated", ContractFacts.of(loader, QBA), ContractFacts.of(loader, mutated));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
