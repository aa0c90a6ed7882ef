package io.qosb.nef;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.qosb.booking.Device;
import io.qosb.booking.FlowSpec;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every body the mapper produces validates against the official 3GPP AsSessionWithQoSSubscription
 * schema of {@code ../shared/reference/3gpp/TS29122_AsSessionWithQoS.yaml}, its external refs
 * resolved to the CommonData files (and whatever they reference), with vertx-json-schema.
 */
class SubscriptionSchemaTest {

  private static final Path DIR = Path.of("..", "shared", "reference", "3gpp");
  private static final String MAIN = "TS29122_AsSessionWithQoS.yaml";
  private static final String BASE = "https://3gpp.invalid/apis/";
  private static final Pattern FILE_REF = Pattern.compile("\\$ref['\"]?\\s*:\\s*['\"]?([A-Za-z0-9_.-]+\\.yaml)#");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static Validator validator;

  @BeforeAll
  static void loadSchema() throws IOException {
    Assumptions.assumeTrue(Files.isRegularFile(DIR.resolve(MAIN)),
        "skipped: the 3GPP reference files are absent (expected " + DIR.resolve(MAIN).toAbsolutePath().normalize() + ")");
    JsonSchemaOptions options = new JsonSchemaOptions().setDraft(Draft.DRAFT4).setBaseUri(BASE)
        .setOutputFormat(OutputFormat.Basic);
    SchemaRepository repo = SchemaRepository.create(options);
    Deque<String> todo = new ArrayDeque<>(List.of(MAIN));
    Set<String> loaded = new HashSet<>();
    while (!todo.isEmpty()) {
      String file = todo.pop();
      if (!loaded.add(file) || !Files.isRegularFile(DIR.resolve(file))) {
        continue;
      }
      // some referenced files carry tab-indented comment lines, which YAML does not allow
      String text = Files.readString(DIR.resolve(file)).replaceAll("(?m)^[ \\t]*\\t[ \\t]*(#.*)$", "$1");
      repo.dereference(BASE + file, JsonSchema.of(new JsonObject(YAML.readValue(text, Map.class))));
      Matcher m = FILE_REF.matcher(text);
      while (m.find()) {
        todo.push(m.group(1));
      }
    }
    validator = repo.validator(BASE + MAIN + "#/components/schemas/AsSessionWithQoSSubscription", options);
  }

  private static void assertValid(JsonObject body) {
    OutputUnit result = validator.validate(body);
    assertThat(result.getValid()).as("schema errors: %s", result.getErrors()).isTrue();
  }

  /** Verifies that the validator is able to reject: wrong types, a missing required field, out-of-range numbers. */
  @Test
  void testSchemaRejectsInvalidBodies() {
    JsonObject good = SubscriptionMapperTest.mapper("{}").map(SubscriptionMapperTest.qb(SubscriptionMapperTest.ipv4(),
        FlowSpec.NONE), SubscriptionMapperTest.ipv4(), SubscriptionMapperTest.TOKENS.newToken(), SubscriptionMapperTest.START);
    assertValid(good);
    // TS 29.122's Ipv4Addr has no pattern, so a wrong type stands for a wrong address
    assertThat(validator.validate(good.copy().put("ueIpv4Addr", 42)).getValid()).isFalse();
    assertThat(validator.validate(good.copy().put("flowInfo", new io.vertx.core.json.JsonArray().add(new JsonObject())))
        .getValid()).as("flowId is required").isFalse();
    assertThat(validator.validate(good.copy().put("usageThreshold", new JsonObject().put("duration", -1))).getValid()).isFalse();
    JsonObject noDestination = good.copy();
    noDestination.remove("notificationDestination");
    assertThat(validator.validate(noDestination).getValid()).isFalse();
    assertThat(validator.validate(good.copy().put("snssai", new JsonObject().put("sst", 300))).getValid()).isFalse();
  }

  /** Verifies that bodies of every identifier type, dialect and flow option are valid 3GPP subscriptions. */
  @Test
  void testMappedBodiesAreValid() {
    List<Device> devices = List.of(SubscriptionMapperTest.ipv4(), SubscriptionMapperTest.ipv6(),
        Device.ofPhoneNumber("+34600000001"));
    List<String> dialects = List.of("{}", "{\"dnn\": \"internet.mnc001.mcc214.gprs\", \"snssai\": {\"sst\": 1, \"sd\": \"ABCDEF\"}}",
        "{\"flowIdStrategy\": \"hashed\", \"flowDirection\": \"downlink\"}", "{\"flowIdStrategy\": \"omit\"}",
        "{\"flowDirection\": \"uplink\", \"snssai\": {\"sst\": 128}}");
    for (String dialect : dialects) {
      for (Device d : devices) {
        for (FlowSpec flows : List.of(FlowSpec.NONE, SubscriptionMapperTest.FLOWS)) {
          assertValid(SubscriptionMapperTest.mapper(dialect).map(SubscriptionMapperTest.qb(d, flows), d,
              SubscriptionMapperTest.TOKENS.newToken(), SubscriptionMapperTest.START));
        }
      }
    }
  }
}
