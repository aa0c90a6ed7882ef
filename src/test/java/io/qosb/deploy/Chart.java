package io.qosb.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Helm chart under {@code helm/qos-booking-adapter}, rendered with helm-java (the helm library
 * bundled in the test class path, no helm binary) and read back as Jackson trees.
 */
final class Chart {

  static final Path DIR = Path.of("helm", "qos-booking-adapter");
  static final String RELEASE = "qosb";
  static final String NAMESPACE = "qosb";
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Chart() {
  }

  /** @return the path of a profile's values file, {@code ci/<profile>-values.yaml} */
  static Path profile(String profile) {
    return DIR.resolve("ci").resolve(profile + "-values.yaml");
  }

  /**
   * Renders the chart with a profile's values and extra {@code --set} values.
   *
   * @param profile {@code h2} or {@code postgresql}
   * @param sets extra values, in {@code --set} syntax
   * @return the rendered manifests
   */
  static Manifests render(String profile, Map<String, Object> sets) {
    TemplateCommand template = new Helm(DIR).template().withName(RELEASE).withNamespace(NAMESPACE).withKubeVersion("1.30.0")
        .withValuesFile(profile(profile));
    sets.forEach(template::set);
    return Manifests.parse(template.call());
  }

  /** @return a YAML file as a tree */
  static JsonNode read(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Merges {@code override} into {@code base} the way Helm merges values files: maps deeply, any other
   * value (lists included) replaced.
   *
   * @return base, changed
   */
  static JsonNode merge(JsonNode base, JsonNode override) {
    if (!(base instanceof ObjectNode target) || !override.isObject()) {
      return override;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = override.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode current = target.get(field.getKey());
      target.set(field.getKey(), current == null ? field.getValue() : merge(current, field.getValue()));
    }
    return target;
  }

  /** @return the chart's values.yaml merged with a profile's values, as Helm would see them */
  static JsonNode values(String profile) {
    return merge(read(DIR.resolve("values.yaml")), read(profile(profile)));
  }

  /**
   * Copies the chart to {@code target} with {@code values} as its values.yaml, so that {@code helm lint}
   * (which helm-java runs on a chart's own values only) checks a profile.
   *
   * @return the copy
   */
  static Path copyWithValues(Path target, JsonNode values) throws IOException {
    try (Stream<Path> files = Files.walk(DIR)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Path copy = target.resolve(DIR.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(copy);
        } else {
          Files.copy(source, copy);
        }
      }
    }
    YAML.writeValue(target.resolve("values.yaml").toFile(), values);
    return target;
  }

  /** The documents of one rendering. */
  record Manifests(List<JsonNode> documents) {

    static Manifests parse(String yaml) {
      List<JsonNode> documents = new ArrayList<>();
      try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
        YAML.readValues(parser, JsonNode.class).forEachRemaining(d -> {
          if (d != null && !d.isNull() && !d.isEmpty()) {
            documents.add(d);
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Manifests(documents);
    }

    /** @return every document of this kind */
    List<JsonNode> all(String kind) {
      return documents.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    /** @return the single document of this kind, if any */
    Optional<JsonNode> find(String kind) {
      List<JsonNode> found = all(kind);
      if (found.size() > 1) {
        throw new AssertionError("more than one " + kind + ": " + found.size());
      }
      return found.stream().findFirst();
    }

    /** @return the single document of this kind */
    JsonNode get(String kind) {
      return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " rendered"));
    }

    /** @return the document of this kind and name */
    JsonNode get(String kind, String name) {
      return all(kind).stream().filter(d -> name.equals(d.at("/metadata/name").asText())).findFirst()
          .orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    /** @return the Deployment's adapter container */
    JsonNode container() {
      return get("Deployment").at("/spec/template/spec/containers/0");
    }

    /** @return the adapter container's environment variable of this name, if set */
    Optional<JsonNode> env(String name) {
      for (JsonNode e : container().path("env")) {
        if (name.equals(e.path("name").asText())) {
          return Optional.of(e);
        }
      }
      return Optional.empty();
    }
  }
}
