package io.qosb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link ApiRouter#load} resolves the documents without Vert.x's meta-schema check (issue 16,
 * startup); what it gives the router and the request validation must be what {@code
 * OpenAPIContract.from} gives: the same resolved document, the same operations with the same
 * parameter and body schemas, and validators that judge (and explain) the same bodies the same way.
 * {@code OpenAPIContract.from} (with the meta-schema check) still loads every document in {@link
 * SchemaCheckTest}.
 */
class ContractLoadTest {

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
  void loadsWhatVertxLoads(Api api) {
    OpenAPIContract loaded = ApiRouter.load(vertx, List.of(api)).await().get(api);
    OpenAPIContract vertxs = OpenAPIContract.from(vertx, api.document()).await();

    assertThat(loaded.getRawContract()).isEqualTo(vertxs.getRawContract());
    assertThat(loaded.getVersion()).isEqualTo(vertxs.getVersion());
    assertThat(loaded.operations()).extracting(Operation::getOperationId)
        .containsExactlyElementsOf(vertxs.operations().stream().map(Operation::getOperationId).toList());
    assertThat(loaded.getPaths()).extracting(p -> p.getName())
        .containsExactlyElementsOf(vertxs.getPaths().stream().map(p -> p.getName()).toList());
    int bodies = 0;
    for (Operation op : vertxs.operations()) {
      Operation mine = loaded.operation(op.getOperationId());
      assertThat(mine.getHttpMethod()).isEqualTo(op.getHttpMethod());
      assertThat(mine.getOpenAPIPath()).isEqualTo(op.getOpenAPIPath());
      assertThat(mine.getParameters()).hasSameSizeAs(op.getParameters());
      for (int i = 0; i < op.getParameters().size(); i++) {
        Parameter p = op.getParameters().get(i);
        Parameter q = mine.getParameters().get(i);
        assertThat(q.getName() + q.getIn() + q.isRequired()).isEqualTo(p.getName() + p.getIn() + p.isRequired());
        assertThat(q.getSchema().fieldNames()).isEqualTo(p.getSchema().fieldNames());
      }
      if (op.getRequestBody() == null) {
        assertThat(mine.getRequestBody()).isNull();
        continue;
      }
      for (Map.Entry<String, MediaType> m : op.getRequestBody().getContent().entrySet()) {
        MediaType theirs = m.getValue();
        MediaType ours = mine.getRequestBody().getContent().get(m.getKey());
        for (Object body : samples()) {
          OutputUnit expected = vertxs.getSchemaRepository().validator(theirs.getSchema()).validate(body);
          OutputUnit actual = loaded.getSchemaRepository().validator(ours.getSchema()).validate(body);
          assertThat(actual.getValid()).as(op.getOperationId() + " " + body).isEqualTo(expected.getValid());
          assertThat(String.valueOf(actual.getErrors())).as(op.getOperationId() + " " + body)
              .isEqualTo(String.valueOf(expected.getErrors()));
          bodies++;
        }
      }
    }
    if (api != Api.QOS_PROFILES) {
      assertThat(bodies).isGreaterThan(0);
    }
  }

  @Test
  void loadsTheDocumentsOfSeveralApisAtOnce() {
    Map<Api, OpenAPIContract> loaded = ApiRouter.load(vertx, EnumSet.allOf(Api.class)).await();
    assertThat(loaded).containsOnlyKeys(Api.values());
    for (Api api : Api.values()) {
      assertThat(loaded.get(api).getServers().get(0).getBasePath()).isEqualTo(api.basePath());
    }
  }

  @Test
  void aMissingDocumentFailsWithItsName() {
    assertThatThrownBy(() -> ApiRouter.parse("openapi/no-such.yaml")).isInstanceOf(IOException.class)
        .hasMessageContaining("openapi/no-such.yaml");
  }

  private static List<Object> samples() {
    List<Object> bodies = new ArrayList<>();
    bodies.add(new JsonObject());
    bodies.add(new JsonArray());
    bodies.add("text");
    bodies.add(new JsonObject().put("device", new JsonObject().put("phoneNumber", "+34600000001"))
        .put("qosProfile", "QOS_M").put("duration", 3600).put("startTime", "2030-01-01T10:00:00Z"));
    bodies.add(new JsonObject().put("devices", new JsonArray().add(new JsonObject().put("phoneNumber", "+3460")))
        .put("qosProfile", "").put("duration", -1).put("unknown", true));
    return bodies;
  }
}
