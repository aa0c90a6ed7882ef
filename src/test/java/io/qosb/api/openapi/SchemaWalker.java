package io.qosb.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.qosb.api.openapi.SpecLoader.Node;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Walks a schema and records its constraints as {@link Facts}, keyed by where they apply to the
 * instance rather than by how the schema is composed: {@code allOf} members merge into one
 * location, {@code properties}/{@code items} descend, {@code anyOf}/{@code oneOf} branches get their
 * own location, and each {@code discriminator} mapping entry is walked as a variant
 * {@code {prop=value}} (with the discriminator property pinned to that value, which is what the
 * discriminator means). Thus a schema flattened from {@code allOf}, or a discriminated union
 * written as {@code oneOf}, yields the same facts as its CAMARA original.
 */
final class SchemaWalker {

  private static final List<String> SCALAR_KEYWORDS = List.of(
      "type", "format", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
      "minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties",
      "uniqueItems", "nullable");
  private static final int MAX_DEPTH = 80;

  private final SpecLoader loader;
  private final Facts facts;
  private final Deque<String> expanding = new ArrayDeque<>();

  SchemaWalker(SpecLoader loader, Facts facts) {
    this.loader = loader;
    this.facts = facts;
  }

  void walk(Node schema, String location) {
    walk(schema, location, Set.of(), 0);
  }

  private void walk(Node schema, String location, Set<String> pinned, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("Schema nesting too deep at " + location);
    }
    JsonNode json = schema.json();
    if (json.has("$ref")) {
      String target = loader.identity(schema.file(), json.get("$ref").asText()) + " @" + location;
      if (expanding.contains(target)) {
        return; // the same schema at the same place again: a cycle adds nothing new
      }
      expanding.push(target);
      walk(loader.resolve(schema.file(), json.get("$ref").asText()), location, pinned, depth + 1);
      expanding.pop();
      return;
    }
    facts.add(location, "declared", "yes");
    for (String keyword : SCALAR_KEYWORDS) {
      if (json.has(keyword)) {
        facts.add(location, keyword, json.get(keyword).toString());
      }
    }
    if (json.has("enum")) {
      facts.add(location, "enum", sorted(json.get("enum")));
    }
    json.path("required").forEach(name -> facts.add(location, "required", name.asText()));
    JsonNode additional = json.get("additionalProperties");
    if (additional != null) {
      facts.add(location, "additionalProperties", additional.isBoolean() ? additional.asText() : "schema");
      if (additional.isObject()) {
        walk(child(schema, additional), location + "/additionalProperties", Set.of(), depth + 1);
      }
    }
    Iterator<Map.Entry<String, JsonNode>> properties = json.path("properties").fields();
    while (properties.hasNext()) {
      Map.Entry<String, JsonNode> property = properties.next();
      walk(child(schema, property.getValue()), location + "/properties/" + escape(property.getKey()), Set.of(), depth + 1);
    }
    if (json.has("items")) {
      walk(child(schema, json.get("items")), location + "/items", Set.of(), depth + 1);
    }
    if (json.has("not")) {
      walk(child(schema, json.get("not")), location + "/not", Set.of(), depth + 1);
    }
    json.path("allOf").forEach(member -> walk(child(schema, member), location, pinned, depth + 1));
    int i = 0;
    for (JsonNode member : json.path("anyOf")) {
      walk(child(schema, member), location + "/anyOf/" + i++, Set.of(), depth + 1);
    }
    Set<String> variants = walkDiscriminator(schema, location, pinned, depth);
    i = 0;
    for (JsonNode member : json.path("oneOf")) {
      boolean coveredByVariant = member.has("$ref")
          && variants.contains(loader.identity(schema.file(), member.get("$ref").asText()));
      if (!coveredByVariant) {
        walk(child(schema, member), location + "/oneOf/" + i, Set.of(), depth + 1);
      }
      i++;
    }
  }

  /** Walks each mapping entry as a variant; returns the identities of the schemas walked. */
  private Set<String> walkDiscriminator(Node schema, String location, Set<String> pinned, int depth) {
    JsonNode discriminator = schema.json().get("discriminator");
    Set<String> walked = new HashSet<>();
    if (discriminator == null || pinned.contains(discriminator.path("propertyName").asText())) {
      return walked;
    }
    String property = discriminator.path("propertyName").asText();
    facts.add(location, "discriminator", property);
    JsonNode mapping = discriminator.path("mapping");
    facts.add(location, "discriminator.mapping", sortedKeys(mapping));
    Set<String> inner = new HashSet<>(pinned);
    inner.add(property);
    Iterator<Map.Entry<String, JsonNode>> entries = mapping.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> entry = entries.next();
      String ref = entry.getValue().asText();
      walked.add(loader.identity(schema.file(), ref));
      String variant = location + "/{" + property + "=" + entry.getKey() + "}";
      walk(loader.resolve(schema.file(), ref), variant, Set.copyOf(inner), depth + 1);
      pin(variant + "/properties/" + escape(property), entry.getKey());
    }
    return walked;
  }

  /** Inside variant V the discriminator property can only hold V: reduce its enum accordingly. */
  private void pin(String propertyLocation, String value) {
    SortedSet<String> enums = facts.get(propertyLocation, "enum");
    String quoted = "\"" + value + "\"";
    SortedSet<String> pinnedEnums = new TreeSet<>();
    for (String e : enums) {
      pinnedEnums.add(e.contains(quoted) ? "[" + quoted + "]" : e);
    }
    facts.replace(propertyLocation, "enum", pinnedEnums);
  }

  private static Node child(Node parent, JsonNode json) {
    return new Node(parent.file(), json);
  }

  private static String sorted(JsonNode array) {
    SortedSet<String> values = new TreeSet<>();
    array.forEach(v -> values.add(v.toString()));
    return "[" + String.join(",", values) + "]";
  }

  private static String sortedKeys(JsonNode object) {
    SortedSet<String> keys = new TreeSet<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys.toString();
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
