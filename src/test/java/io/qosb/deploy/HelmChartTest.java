package io.qosb.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.qosb.deploy.Chart.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders and lints the Helm chart for both profiles ({@code ci/h2-values.yaml},
 * {@code ci/postgresql-values.yaml}) and checks the manifests an operator would apply.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HelmChartTest {

  private static final String FULLNAME = "qosb-qos-booking-adapter";
  private Manifests h2;
  private Manifests postgresql;

  @BeforeAll
  void render() {
    h2 = Chart.render("h2", Map.of());
    postgresql = Chart.render("postgresql", Map.of());
  }

  private Manifests manifests(String profile) {
    return profile.equals("h2") ? h2 : postgresql;
  }

  /** Verifies that the H2 profile runs one pod on a PVC, recreated rather than rolled. */
  @Test
  void testTemplateRendersOnePodOnAVolumeForH2Profile() {
    JsonNode deployment = h2.get("Deployment");
    assertThat(deployment.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(deployment.at("/spec/strategy/type").asText()).isEqualTo("Recreate");
    assertThat(h2.get("PersistentVolumeClaim").at("/metadata/name").asText()).isEqualTo(FULLNAME + "-data");
    assertThat(volume(h2, "data").at("/persistentVolumeClaim/claimName").asText()).isEqualTo(FULLNAME + "-data");
  }

  /** Verifies that the PostgreSQL profile runs three pods, replicas left to the autoscaler. */
  @Test
  void testTemplateRendersThreePodsForPostgresqlProfile() {
    assertThat(postgresql.get("Deployment").at("/spec/replicas").isMissingNode())
        .as("replicas are the HPA's when autoscaling is on").isTrue();
    JsonNode hpa = postgresql.get("HorizontalPodAutoscaler");
    assertThat(hpa.at("/spec/minReplicas").asInt()).isEqualTo(3);
    assertThat(hpa.at("/spec/maxReplicas").asInt()).isEqualTo(6);
    assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(FULLNAME);

    Manifests fixed = Chart.render("postgresql", Map.of("autoscaling.enabled", false));
    assertThat(fixed.get("Deployment").at("/spec/replicas").asInt()).isEqualTo(3);
    assertThat(fixed.find("HorizontalPodAutoscaler")).isEmpty();
    assertThat(postgresql.find("PersistentVolumeClaim")).isEmpty();
    assertThat(volume(postgresql, "data").has("emptyDir")).isTrue();
  }

  /** Verifies that both probes are HTTP GETs of the health paths on the port named http. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void testTemplateRendersProbesOnNamedPortForEachProfile(String profile) {
    JsonNode container = manifests(profile).container();
    assertThat(container.at("/ports/0/name").asText()).isEqualTo("http");
    assertThat(container.at("/ports/0/containerPort").asInt()).isEqualTo(8080);
    assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
    assertThat(container.at("/livenessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
    assertThat(container.at("/readinessProbe/httpGet/port").asText()).isEqualTo("http");
    assertThat(container.at("/startupProbe/httpGet/port").asText()).isEqualTo("http");
    JsonNode service = manifests(profile).get("Service");
    assertThat(service.at("/spec/ports/0/name").asText()).isEqualTo("http");
    assertThat(service.at("/spec/ports/0/targetPort").asText()).isEqualTo("http");
  }

  /** Verifies that a disabled probe gives way to the custom probe, or to none. */
  @Test
  void testTemplateUsesCustomProbeWhenBuiltInProbeDisabled() {
    Manifests custom = Chart.render("h2", Map.of("probes.liveness.enabled", false,
        "probes.customLivenessProbe.tcpSocket.port", "http", "probes.readiness.enabled", false));
    assertThat(custom.container().at("/livenessProbe/tcpSocket/port").asText()).isEqualTo("http");
    assertThat(custom.container().at("/livenessProbe/httpGet").isMissingNode()).isTrue();
    assertThat(custom.container().has("readinessProbe")).isFalse();
  }

  /** Verifies that pods run as non-root on a read-only root file system with writable /tmp and data dir. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void testTemplateRendersNonRootReadOnlyPodForEachProfile(String profile) {
    Manifests m = manifests(profile);
    JsonNode pod = m.get("Deployment").at("/spec/template/spec");
    assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
    assertThat(pod.at("/securityContext/runAsUser").asInt()).isEqualTo(10001);
    assertThat(m.container().at("/securityContext/readOnlyRootFilesystem").asBoolean()).isTrue();
    assertThat(m.container().at("/securityContext/allowPrivilegeEscalation").asBoolean()).isFalse();
    assertThat(mountPath(m, "tmp")).isEqualTo("/tmp");
    assertThat(volume(m, "tmp").has("emptyDir")).isTrue();
    assertThat(mountPath(m, "data")).isEqualTo("/app/data");
  }

  /** Verifies that the store URL, NEF OAuth credentials and credential key come from the named Secrets. */
  @Test
  void testTemplateTakesCredentialsFromSecretsForPostgresqlProfile() {
    assertSecretRef(postgresql, "QOSB_STORE_URL", "qosb-store", "url");
    assertSecretRef(postgresql, "QOSB_NEF_OAUTH_CLIENT_ID", "qosb-nef-oauth", "client-id");
    assertSecretRef(postgresql, "QOSB_NEF_OAUTH_CLIENT_SECRET", "qosb-nef-oauth", "client-secret");
    assertSecretRef(postgresql, "QOSB_NOTIFY_CREDENTIAL_KEY", "qosb-credential-key", "credential-key");
    assertSecretRef(h2, "QOSB_NOTIFY_CREDENTIAL_KEY", "qosb-credential-key", "credential-key");
    for (String name : List.of("QOSB_STORE_URL", "QOSB_NEF_OAUTH_CLIENT_ID")) {
      assertThat(h2.env(name)).as(name + " without a Secret").isEmpty();
    }
    assertThat(postgresql.documents()).noneMatch(d -> d.path("kind").asText().equals("Secret"));
  }

  /** Verifies that the JWKS Secret is mounted and QOSB_AUTH_JWKS and QOSB_CONFIG point at the mounted files. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void testTemplateMountsJwksAndConfigForEachProfile(String profile) {
    Manifests m = manifests(profile);
    assertThat(volume(m, "jwks").at("/secret/secretName").asText()).isEqualTo("qosb-jwks");
    assertThat(volume(m, "jwks").at("/secret/items/0/key").asText()).isEqualTo("jwks.json");
    assertThat(mountPath(m, "jwks")).isEqualTo("/etc/qosb/jwks");
    assertThat(m.env("QOSB_AUTH_JWKS").orElseThrow().path("value").asText()).isEqualTo("/etc/qosb/jwks/jwks.json");
    assertThat(volume(m, "config").at("/configMap/name").asText()).isEqualTo(FULLNAME);
    assertThat(mountPath(m, "config")).isEqualTo("/etc/qosb/config");
    assertThat(m.env("QOSB_CONFIG").orElseThrow().path("value").asText())
        .isEqualTo("/etc/qosb/config/application.yaml");
    assertThat(m.get("ConfigMap", FULLNAME).at("/data/application.yaml").asText()).doesNotContain("config/dev");
  }

  /**
   * Verifies that the rendering fails without a JWKS Secret and without an identity provider, rather
   * than fall back to the image's dev key; with only config.auth.issuer it renders, with no JWKS mount.
   */
  @Test
  void testTemplateFailsWithoutJwksSecretOrIdentityProvider() {
    assertThatThrownBy(() -> Chart.render("postgresql", Map.of("secrets.jwks.existingSecret", "", "config.auth.issuer", "")))
        .hasMessageContaining("secrets.jwks.existingSecret is required");
    Manifests discovered = Chart.render("postgresql", Map.of("secrets.jwks.existingSecret", ""));
    assertThat(discovered.env("QOSB_AUTH_JWKS")).isEmpty();
    assertThat(discovered.get("Deployment", FULLNAME).at("/spec/template/spec/volumes").findValuesAsText("name"))
        .doesNotContain("jwks");
    Manifests byUrl = Chart.render("postgresql", Map.of("secrets.jwks.existingSecret", "", "config.auth.issuer", "",
        "config.auth.jwks", "https://auth.operator.example.com/jwks"));
    assertThat(byUrl.env("QOSB_AUTH_JWKS")).isEmpty();
  }

  /**
   * Verifies that the signing key and the credential key come from Secrets, and that the rendering fails
   * naming the value when either Secret is not given (the image's keys are published).
   */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void testTemplateTakesSigningAndCredentialKeysFromSecrets(String profile) {
    Manifests m = manifests(profile);
    assertThat(volume(m, "signing-key").at("/secret/secretName").asText()).isEqualTo("qosb-signing-key");
    assertThat(mountPath(m, "signing-key")).isEqualTo("/etc/qosb/signing");
    assertThat(m.env("QOSB_NOTIFY_SIGNING_KEY").orElseThrow().path("value").asText())
        .isEqualTo("/etc/qosb/signing/signing-key.json");
    assertSecretRef(m, "QOSB_NOTIFY_CREDENTIAL_KEY", "qosb-credential-key", "credential-key");
    assertThatThrownBy(() -> Chart.render(profile, Map.of("secrets.signingKey.existingSecret", "")))
        .hasMessageContaining("secrets.signingKey.existingSecret is required");
    assertThatThrownBy(() -> Chart.render(profile, Map.of("secrets.credentialKey.existingSecret", "")))
        .hasMessageContaining("secrets.credentialKey.existingSecret is required");
  }

  /** Verifies that several pods on one embedded H2 store, or a remote NEF without URL, fail the rendering. */
  @Test
  void testTemplateFailsForImpossibleCombinations() {
    assertThatThrownBy(() -> Chart.render("h2", Map.of("replicaCount", 2)))
        .hasMessageContaining("embedded H2");
    assertThatThrownBy(() -> Chart.render("h2", Map.of("config.nef.mode", "remote", "config.nef.url", "")))
        .hasMessageContaining("config.nef.url");
  }

  /** Verifies that application.yaml in the ConfigMap is exactly the values' config map. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void testTemplateRendersConfigVerbatimForEachProfile(String profile) throws Exception {
    String rendered = manifests(profile).get("ConfigMap", FULLNAME).at("/data/application.yaml").asText();
    JsonNode expected = Chart.values(profile).get("config");
    assertThat(Chart.YAML.readTree(rendered)).isEqualTo(expected);
    assertThat(expected.at("/nef/mode").asText()).isEqualTo(profile.equals("h2") ? "simulated" : "remote");
  }

  /** Verifies that a key the chart does not know passes through to application.yaml unchanged. */
  @Test
  void testTemplateRendersUnknownConfigKeys() throws Exception {
    Manifests m = Chart.render("h2", Map.of("config.schedule.leaseSeconds", 30));
    JsonNode config = Chart.YAML.readTree(m.get("ConfigMap", FULLNAME).at("/data/application.yaml").asText());
    assertThat(config.at("/schedule/leaseSeconds")).isEqualTo(IntNode.valueOf(30));
  }

  /** Verifies that the checksum/config annotation changes with the config and only with it. */
  @Test
  void testChecksumAnnotationChangesOnlyWhenConfigChanges() {
    String original = checksum(postgresql);
    assertThat(original).matches("[0-9a-f]{64}");
    assertThat(checksum(Chart.render("postgresql", Map.of("config.booking.minLeadTime", "PT5M"))))
        .isNotEqualTo(original);
    assertThat(checksum(Chart.render("postgresql", Map.of("podAnnotations.team", "qos"))))
        .isEqualTo(original);
  }

  /** Verifies that the ServiceMonitor exists only when enabled and scrapes /metrics on the port named http. */
  @Test
  void testServiceMonitorRenderedOnlyWhenEnabled() {
    assertThat(h2.find("ServiceMonitor")).isEmpty();
    JsonNode monitor = postgresql.get("ServiceMonitor");
    assertThat(monitor.at("/spec/endpoints/0/port").asText()).isEqualTo("http");
    assertThat(monitor.at("/spec/endpoints/0/path").asText()).isEqualTo("/metrics");
    assertThat(monitor.at("/spec/endpoints/0/interval").asText()).isEqualTo("15s");
    assertThat(monitor.at("/spec/endpoints/0/scrapeTimeout").asText()).isEqualTo("5s");
    assertThat(monitor.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(monitor.at("/spec/selector/matchLabels")).isEqualTo(postgresql.get("Service").at("/spec/selector"));
  }

  /** Verifies that the HPA exists only when enabled. */
  @Test
  void testHorizontalPodAutoscalerRenderedOnlyWhenEnabled() {
    assertThat(h2.find("HorizontalPodAutoscaler")).isEmpty();
    assertThat(postgresql.find("HorizontalPodAutoscaler")).isPresent();
  }

  /** Verifies that a PodDisruptionBudget selects the adapter pods in both profiles. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void testPodDisruptionBudgetSelectsPodsForEachProfile(String profile) {
    Manifests m = manifests(profile);
    JsonNode pdb = m.get("PodDisruptionBudget");
    assertThat(pdb.at("/spec/maxUnavailable").asInt()).isEqualTo(1);
    JsonNode podLabels = m.get("Deployment").at("/spec/template/metadata/labels");
    pdb.at("/spec/selector/matchLabels").fields()
        .forEachRemaining(e -> assertThat(podLabels.get(e.getKey())).isEqualTo(e.getValue()));
    assertThat(m.get("Deployment").at("/spec/selector/matchLabels")).isEqualTo(pdb.at("/spec/selector/matchLabels"));
  }

  /** Verifies that the dashboard ConfigMap carries the Grafana sidecar label and the dashboard file. */
  @Test
  void testDashboardConfigMapLabelledForGrafanaSidecar() throws Exception {
    JsonNode dashboards = h2.get("ConfigMap", FULLNAME + "-dashboards");
    assertThat(dashboards.at("/metadata/labels/grafana_dashboard")).isEqualTo(TextNode.valueOf("1"));
    String json = dashboards.at("/data/qos-booking-adapter.json").asText();
    assertThat(Chart.YAML.readTree(json))
        .isEqualTo(Chart.read(Chart.DIR.resolve("dashboards/qos-booking-adapter.json")));
    Manifests off = Chart.render("h2", Map.of("dashboards.enabled", false));
    assertThat(off.all("ConfigMap")).hasSize(1);
  }

  /** Verifies that the default image is the Dockerfile's repository tagged with the chart's appVersion. */
  @Test
  void testImageDefaultsToAppVersion() {
    String appVersion = Chart.read(Chart.DIR.resolve("Chart.yaml")).get("appVersion").asText();
    String version = Chart.read(Chart.DIR.resolve("Chart.yaml")).get("version").asText();
    assertThat(h2.container().get("image").asText())
        .isEqualTo("ghcr.io/qos-booking-adapter/qos-booking-adapter:" + appVersion);
    assertThat(h2.get("Deployment").at("/metadata/labels/helm.sh~1chart").asText())
        .isEqualTo("qos-booking-adapter-" + version);
  }

  /** Verifies that extraEnv entries are added to the container. */
  @Test
  void testTemplateAddsExtraEnv() {
    Manifests m = Chart.render("h2", Map.of("extraEnv[0].name", "QOSB_BOOKING_MIN_LEAD_TIME",
        "extraEnv[0].value", "PT1M"));
    assertThat(m.env("QOSB_BOOKING_MIN_LEAD_TIME").orElseThrow().path("value").asText()).isEqualTo("PT1M");
  }

  /** Verifies that values.schema.json rejects a non-integer replica count, a misspelt key and a config.auth.jwks file. */
  @Test
  void testTemplateFailsForBadValueAgainstSchema() {
    assertThatThrownBy(() -> Chart.render("h2", Map.of("replicaCount", "three")))
        .hasMessageContaining("replicaCount");
    assertThatThrownBy(() -> Chart.render("h2", Map.of("metrics.serviceMonitor.enabeld", true)))
        .hasMessageContaining("enabeld");
    assertThatThrownBy(() -> Chart.render("h2", Map.of("config.auth.jwks", "config/dev/jwks.json")))
        .hasMessageContaining("/config/auth");
  }

  /** Verifies that helm lint passes for each profile and fails when a value breaks the schema. */
  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void testLintSucceedsForEachProfile(String profile, @TempDir Path dir) throws Exception {
    Path chart = Chart.copyWithValues(dir.resolve("good"), Chart.values(profile));
    LintResult good = new Helm(chart).lint().strict().call();
    assertThat(good.isFailed()).as(String.join("\n", good.getMessages())).isFalse();

    ObjectNode badValues = (ObjectNode) Chart.values(profile);
    badValues.put("replicaCount", "three");
    LintResult bad = new Helm(Chart.copyWithValues(dir.resolve("bad"), badValues)).lint().call();
    assertThat(bad.isFailed()).isTrue();
    assertThat(String.join("\n", bad.getMessages())).contains("replicaCount");
  }

  /**
   * Verifies that the bare chart lints (helm lint downgrades {@code required} to a notice) but does not
   * render until the operator provides the NEF URL and the JWKS Secret.
   */
  @Test
  void testTemplateFailsForBareChartNamingRequiredSettings() {
    LintResult lint = new Helm(Chart.DIR).lint().strict().call();
    assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
    assertThatThrownBy(() -> new Helm(Chart.DIR).template().withKubeVersion("1.30.0").call())
        .hasMessageContaining("config.nef.url");
    assertThatThrownBy(() -> new Helm(Chart.DIR).template().withKubeVersion("1.30.0")
        .set("config.nef.url", "http://nef:9000/3gpp-as-session-with-qos/v1").call())
        .hasMessageContaining("secrets.jwks.existingSecret is required");
  }

  /** Verifies that every key of values.yaml has a comment line right above it. */
  @Test
  void testEveryValueHasComment() throws Exception {
    List<String> lines = Files.readAllLines(Chart.DIR.resolve("values.yaml"));
    List<String> uncommented = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.matches("\\s*[A-Za-z_][\\w.-]*:.*") && (i == 0 || !lines.get(i - 1).trim().startsWith("#"))) {
        uncommented.add((i + 1) + ": " + line);
      }
    }
    assertThat(uncommented).isEmpty();
    assertThat(lines.stream().filter(l -> l.matches("\\s*[A-Za-z_][\\w.-]*:.*")).count()).isGreaterThan(50);
  }

  private static String checksum(Manifests m) {
    return m.get("Deployment").at("/spec/template/metadata/annotations/checksum~1config").asText();
  }

  private static JsonNode volume(Manifests m, String name) {
    return named(m.get("Deployment").at("/spec/template/spec/volumes"), name);
  }

  private static String mountPath(Manifests m, String name) {
    return named(m.container().path("volumeMounts"), name).path("mountPath").asText();
  }

  private static JsonNode named(JsonNode list, String name) {
    return StreamSupport.stream(list.spliterator(), false).filter(n -> name.equals(n.path("name").asText()))
        .findFirst().orElseThrow(() -> new AssertionError("nothing named " + name + " in " + list));
  }

  private static void assertSecretRef(Manifests m, String env, String secret, String key) {
    JsonNode ref = m.env(env).orElseThrow(() -> new AssertionError(env + " not set")).at("/valueFrom/secretKeyRef");
    Map<String, String> actual = new HashMap<>();
    actual.put("name", ref.path("name").asText());
    actual.put("key", ref.path("key").asText());
    assertThat(actual).as(env).isEqualTo(Map.of("name", secret, "key", key));
  }
}
