package io.qosb.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads OpenAPI YAML files and resolves {@code $ref}s, internal ones and ones into other files
 * (relative to the file that holds the reference). Documents can also be registered in memory.
 *
 * <p>Before parsing, {@code \/} is replaced by {@code /}: the YAML 1.1 parser refuses that escape in
 * double-quoted scalars (the official CAMARA files use it), and in a regular expression an escaped
 * slash and a slash mean the same, so patterns of both sides stay comparable.
 */
final class SpecLoader {

  /** A JSON node together with the file it was read from (the base of its relative refs). */
  record Node(Path file, JsonNode json) {
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final Map<Path, JsonNode> documents = new HashMap<>();
  private final Map<Path, Path> substitutes = new HashMap<>();

  /** Registers an in-memory document under a (possibly fictitious) file name. */
  void register(Path file, JsonNode document) {
    documents.put(normalize(file), document);
  }

  /** Makes references to {@code missing} read {@code substitute} instead. */
  void substitute(Path missing, Path substitute) {
    substitutes.put(normalize(missing), normalize(substitute));
  }

  Node load(Path file) {
    Path key = normalize(file);
    return new Node(key, documents.computeIfAbsent(key, SpecLoader::parse));
  }

  /** Follows {@code $ref} chains until a node without {@code $ref}. */
  Node deref(Node node) {
    Node current = node;
    for (int hops = 0; current.json().has("$ref"); hops++) {
      if (hops > 20) {
        throw new IllegalStateException("$ref chain too long at " + current.json());
      }
      current = resolve(current.file(), current.json().get("$ref").asText());
    }
    return current;
  }

  /** Resolves a reference such as {@code #/components/schemas/X} or {@code ../common/F.yaml#/a/b}. */
  Node resolve(Path base, String ref) {
    int hash = ref.indexOf('#');
    String filePart = hash < 0 ? ref : ref.substring(0, hash);
    String pointer = hash < 0 ? "" : ref.substring(hash + 1);
    Path file = filePart.isEmpty() ? base : base.resolveSibling(filePart);
    file = substitutes.getOrDefault(normalize(file), normalize(file));
    JsonNode target = load(file).json().at(pointer);
    if (target.isMissingNode()) {
      throw new IllegalStateException("Unresolvable $ref '" + ref + "' from " + base);
    }
    return new Node(normalize(file), target);
  }

  /** A stable identity of a reference target, for cycle detection and mapping comparison. */
  String identity(Path base, String ref) {
    int hash = ref.indexOf('#');
    String filePart = hash < 0 ? ref : ref.substring(0, hash);
    Path file = filePart.isEmpty() ? base : base.resolveSibling(filePart);
    file = substitutes.getOrDefault(normalize(file), normalize(file));
    return file + "#" + (hash < 0 ? "" : ref.substring(hash + 1));
  }

  private static Path normalize(Path file) {
    return file.toAbsolutePath().normalize();
  }

  private static JsonNode parse(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("Referenced file not found: " + file);
    }
    try {
      String text = Files.readString(file).replace("\\/", "/");
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot parse " + file, e);
    }
  }
}
