package io.qosb.api.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.qosb.api.openapi.SpecLoader.Node;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Collects the {@link Facts} of an OpenAPI document: paths, operations, operationIds, security
 * scopes (and the type of each scheme used), parameters, request bodies, response codes, response
 * headers and bodies, and callbacks — every schema walked by {@link SchemaWalker}.
 */
final class ContractFacts {

  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options");

  private final SpecLoader loader;
  private final Facts facts = new Facts();
  private final SchemaWalker schemas;
  private Node root;

  private ContractFacts(SpecLoader loader) {
    this.loader = loader;
    this.schemas = new SchemaWalker(loader, facts);
  }

  static Facts of(SpecLoader loader, Path document) {
    ContractFacts collector = new ContractFacts(loader);
    collector.root = loader.load(document);
    collector.collect();
    return collector.facts;
  }

  private void collect() {
    JsonNode paths = root.json().path("paths");
    facts.addAll("/paths", "paths", names(paths));
    Iterator<Map.Entry<String, JsonNode>> entries = paths.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> path = entries.next();
      pathItem(new Node(root.file(), path.getValue()), "/paths/" + SchemaWalker.escape(path.getKey()));
    }
  }

  private void pathItem(Node item, String location) {
    for (String method : METHODS) {
      if (item.json().has(method)) {
        facts.add(location, "operations", method);
        operation(new Node(item.file(), item.json().get(method)), location + "/" + method);
      }
    }
  }

  private void operation(Node operation, String location) {
    JsonNode json = operation.json();
    facts.add(location, "operationId", json.path("operationId").asText("<none>"));
    security(operation, location);
    for (JsonNode parameter : json.path("parameters")) {
      parameter(loader.deref(new Node(operation.file(), parameter)), location + "/parameters");
    }
    if (json.has("requestBody")) {
      Node body = loader.deref(new Node(operation.file(), json.get("requestBody")));
      facts.add(location + "/requestBody", "required", body.json().path("required").asText("false"));
      content(body, location + "/requestBody");
    }
    facts.addAll(location, "responses", names(json.path("responses")));
    Iterator<Map.Entry<String, JsonNode>> responses = json.path("responses").fields();
    while (responses.hasNext()) {
      Map.Entry<String, JsonNode> response = responses.next();
      response(loader.deref(new Node(operation.file(), response.getValue())), location + "/responses/" + response.getKey());
    }
    callbacks(operation, location + "/callbacks");
  }

  private void security(Node operation, String location) {
    JsonNode requirements = operation.json().has("security")
        ? operation.json().get("security") : root.json().path("security");
    for (JsonNode requirement : requirements) {
      if (requirement.isEmpty()) {
        facts.add(location, "security", "<none>");
      }
      Iterator<Map.Entry<String, JsonNode>> schemes = requirement.fields();
      while (schemes.hasNext()) {
        Map.Entry<String, JsonNode> scheme = schemes.next();
        facts.add(location, "security", scheme.getKey() + ":" + scopes(scheme.getValue()));
        Node definition = loader.deref(loader.resolve(root.file(), "#/components/securitySchemes/" + scheme.getKey()));
        String schemeLocation = "/components/securitySchemes/" + scheme.getKey();
        facts.add(schemeLocation, "type", definition.json().path("type").asText());
        facts.add(schemeLocation, "scheme", definition.json().path("scheme").asText("-"));
      }
    }
  }

  private void parameter(Node parameter, String location) {
    String at = location + "/" + parameter.json().path("in").asText() + ":" + parameter.json().path("name").asText();
    facts.add(location, "parameters", at.substring(location.length() + 1));
    facts.add(at, "required", parameter.json().path("required").asText("false"));
    if (parameter.json().has("schema")) {
      schemas.walk(new Node(parameter.file(), parameter.json().get("schema")), at + "/schema");
    }
  }

  private void response(Node response, String location) {
    JsonNode headers = response.json().path("headers");
    facts.addAll(location, "headers", names(headers));
    Iterator<Map.Entry<String, JsonNode>> entries = headers.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> header = entries.next();
      Node definition = loader.deref(new Node(response.file(), header.getValue()));
      if (definition.json().has("schema")) {
        schemas.walk(new Node(definition.file(), definition.json().get("schema")),
            location + "/headers/" + header.getKey() + "/schema");
      }
    }
    content(response, location);
  }

  private void content(Node holder, String location) {
    JsonNode content = holder.json().path("content");
    facts.addAll(location, "content", names(content));
    Iterator<Map.Entry<String, JsonNode>> media = content.fields();
    while (media.hasNext()) {
      Map.Entry<String, JsonNode> type = media.next();
      if (type.getValue().has("schema")) {
        schemas.walk(new Node(holder.file(), type.getValue().get("schema")),
            location + "/content/" + SchemaWalker.escape(type.getKey()) + "/schema");
      }
    }
  }

  private void callbacks(Node operation, String location) {
    Iterator<Map.Entry<String, JsonNode>> callbacks = operation.json().path("callbacks").fields();
    while (callbacks.hasNext()) {
      Map.Entry<String, JsonNode> callback = callbacks.next();
      Node definition = loader.deref(new Node(operation.file(), callback.getValue()));
      String at = location + "/" + callback.getKey();
      facts.addAll(at, "expressions", names(definition.json()));
      Iterator<Map.Entry<String, JsonNode>> expressions = definition.json().fields();
      while (expressions.hasNext()) {
        Map.Entry<String, JsonNode> expression = expressions.next();
        pathItem(new Node(definition.file(), expression.getValue()), at + "/" + SchemaWalker.escape(expression.getKey()));
      }
    }
  }

  private static SortedSet<String> names(JsonNode object) {
    SortedSet<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String scopes(JsonNode array) {
    SortedSet<String> scopes = new TreeSet<>();
    array.forEach(s -> scopes.add(s.asText()));
    return scopes.toString();
  }
}
