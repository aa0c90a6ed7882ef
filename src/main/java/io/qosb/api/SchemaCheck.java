package io.qosb.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonFormatValidator;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.impl.Format;
import io.vertx.openapi.impl.OpenAPIFormatValidator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A JSON Schema of an OpenAPI 3.0 document compiled once into a tree of checks that says whether an
 * instance is valid without allocating per keyword (vertx-json-schema builds an output unit, a URL
 * and a set per keyword, and compiles each {@code pattern} again for every value).
 *
 * <p>It answers only "valid or not", with the semantics of the validator vertx-openapi uses for
 * OpenAPI 3.0 (vertx-json-schema 5.0.10, draft 4, with the OpenAPI format checks): same type rules,
 * same number comparisons, {@code pattern} found anywhere in the string, string lengths in UCS-2
 * code points, the same format functions. Where it is not sure (a keyword it does not implement,
 * big numbers, an object or array compared with {@code enum}) it answers "not valid", and the caller
 * asks vertx-json-schema, which also explains the failure: a valid body never depends on this class
 * alone being stricter, and every error comes from the same validator as before.
 */
final class SchemaCheck {

  /** Keywords that validate and are not implemented here: a schema with one is not compiled. */
  private static final Set<String> UNSUPPORTED = Set.of("const", "if", "then", "else", "dependencies",
      "dependentRequired", "dependentSchemas", "propertyNames", "patternProperties", "additionalItems",
      "prefixItems", "contains", "minContains", "maxContains", "uniqueItems", "multipleOf", "unevaluatedItems",
      "unevaluatedProperties", "$recursiveRef", "$recursiveAnchor", "$dynamicRef", "$dynamicAnchor");

  private static final JsonFormatValidator OPENAPI_FORMATS = new OpenAPIFormatValidator();

  private static final int NULL = 1;
  private static final int BOOLEAN = 2;
  private static final int OBJECT = 4;
  private static final int ARRAY = 8;
  private static final int NUMBER = 16;
  private static final int STRING = 32;
  private static final int INTEGER = 64;

  /** Thrown at compile time for a schema this class cannot check exactly. */
  static final class Unsupported extends RuntimeException {
    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  private final Node root;

  private SchemaCheck(Node root) {
    this.root = root;
  }

  /**
   * @param schema a schema of the contract (a parameter's or a media type's)
   * @param repository the contract's repository, to follow {@code $ref}s the contract left
   * @return the compiled check
   * @throws Unsupported if the schema uses a keyword this class does not implement
   */
  static SchemaCheck compile(JsonSchema schema, SchemaRepository repository) {
    return new SchemaCheck(new Compiler(repository).node(schema));
  }

  /** @return whether vertx-json-schema would find {@code instance} valid; false when unsure */
  boolean accepts(Object instance) {
    return root.accepts(instance);
  }

  private static final class Compiler {
    private final SchemaRepository repository;
    private final Map<Object, Node> done = new IdentityHashMap<>();

    Compiler(SchemaRepository repository) {
      this.repository = repository;
    }

    Node node(Object raw) {
      if (raw instanceof Boolean b) {
        return b ? Node.ANY : Node.NONE;
      }
      JsonSchema schema = raw instanceof JsonSchema s ? s : JsonSchema.of((JsonObject) raw);
      Object identity = raw instanceof JsonObject o ? o.getMap() : raw;
      Node known = done.get(identity);
      if (known != null) {
        return known;
      }
      Node node = new Node();
      done.put(identity, node);
      if (schema.containsKey("$ref")) {
        // draft 4: a $ref replaces its siblings
        String uri = schema.get("__absolute_ref__", schema.<String>get("$ref"));
        JsonSchema target = repository.find(uri);
        if (target == null) {
          throw new Unsupported("unresolved $ref " + uri);
        }
        node.ref = node(target);
        return node;
      }
      for (String keyword : schema.fieldNames()) {
        if (UNSUPPORTED.contains(keyword)) {
          throw new Unsupported("keyword " + keyword);
        }
      }
      fill(node, schema);
      return node;
    }

    private void fill(Node node, JsonSchema s) {
      node.types = types(s.get("type"));
      node.enumValues = s.containsKey("enum") ? s.<JsonArray>get("enum").getList().toArray() : null;
      node.not = s.containsKey("not") ? node(s.get("not")) : null;
      node.allOf = nodes(s.get("allOf"));
      node.anyOf = nodes(s.get("anyOf"));
      node.oneOf = nodes(s.get("oneOf"));
      node.required = s.containsKey("required") ? ((List<?>) s.<JsonArray>get("required").getList()).toArray(new String[0]) : null;
      node.minProperties = count(s, "minProperties");
      node.maxProperties = count(s, "maxProperties");
      if (s.containsKey("properties")) {
        JsonObject props = s.get("properties");
        node.propertyNames = props.fieldNames().toArray(new String[0]);
        node.properties = new Node[node.propertyNames.length];
        for (int i = 0; i < node.propertyNames.length; i++) {
          node.properties[i] = node(props.getValue(node.propertyNames[i]));
        }
      }
      node.additionalProperties = s.containsKey("additionalProperties") ? node(s.get("additionalProperties")) : null;
      node.minItems = count(s, "minItems");
      node.maxItems = count(s, "maxItems");
      if (s.get("items") instanceof JsonArray) {
        throw new Unsupported("items as an array");
      }
      node.items = s.containsKey("items") ? node(s.get("items")) : null;
      node.minimum = s.get("minimum");
      node.maximum = s.get("maximum");
      node.exclusiveMinimum = flag(s, "exclusiveMinimum");
      node.exclusiveMaximum = flag(s, "exclusiveMaximum");
      node.minLength = count(s, "minLength");
      node.maxLength = count(s, "maxLength");
      node.pattern = s.containsKey("pattern") ? Pattern.compile(s.<String>get("pattern")) : null;
      node.format = s.get("format");
    }

    private Node[] nodes(Object list) {
      if (list == null) {
        return null;
      }
      List<?> items = ((JsonArray) list).getList();
      Node[] nodes = new Node[items.size()];
      for (int i = 0; i < nodes.length; i++) {
        nodes[i] = node(items.get(i));
      }
      return nodes;
    }

    /** Draft 4: exclusiveMinimum / exclusiveMaximum are booleans qualifying minimum / maximum. */
    private static boolean flag(JsonSchema s, String keyword) {
      Object value = s.get(keyword);
      if (value != null && !(value instanceof Boolean)) {
        throw new Unsupported(keyword + " " + value);
      }
      return Boolean.TRUE.equals(value);
    }

    private static int count(JsonSchema s, String keyword) {
      Object value = s.get(keyword);
      if (value == null) {
        return -1;
      }
      if (!(value instanceof Integer || value instanceof Long)) {
        throw new Unsupported(keyword + " " + value);
      }
      return (int) Math.min(Integer.MAX_VALUE, ((Number) value).longValue());
    }

    private static int types(Object type) {
      if (type == null) {
        return 0;
      }
      if (type instanceof JsonArray array) {
        int mask = 0;
        for (Object t : array) {
          mask |= type(String.valueOf(t));
        }
        return mask;
      }
      return type(String.valueOf(type));
    }

    private static int type(String name) {
      return switch (name) {
        case "null" -> NULL;
        case "boolean" -> BOOLEAN;
        case "object" -> OBJECT;
        case "array" -> ARRAY;
        case "number" -> NUMBER;
        case "string" -> STRING;
        case "integer" -> INTEGER;
        default -> throw new Unsupported("type " + name);
      };
    }
  }

  /** One compiled schema; the fields are set once by the compiler. */
  private static final class Node {
    static final Node ANY = new Node();
    static final Node NONE = new Node();

    Node ref;
    int types;
    Object[] enumValues;
    Node not;
    Node[] allOf;
    Node[] anyOf;
    Node[] oneOf;
    String[] required;
    int minProperties = -1;
    int maxProperties = -1;
    String[] propertyNames;
    Node[] properties;
    Node additionalProperties;
    int minItems = -1;
    int maxItems = -1;
    Node items;
    Object minimum;
    Object maximum;
    boolean exclusiveMinimum;
    boolean exclusiveMaximum;
    int minLength = -1;
    int maxLength = -1;
    Pattern pattern;
    String format;

    boolean accepts(Object value) {
      if (this == ANY) {
        return true;
      }
      if (this == NONE) {
        return false;
      }
      if (ref != null) {
        return ref.accepts(value);
      }
      Object v = value instanceof Map<?, ?> m ? new JsonObject(cast(m)) : value instanceof List<?> l ? new JsonArray(l) : value;
      int type = typeOf(v);
      if (type < 0 || types != 0 && !typeMatches(type, v)) {
        return false;
      }
      if (enumValues != null && !inEnum(v)) {
        return false;
      }
      if (not != null && not.accepts(v) || !composed(v)) {
        return false;
      }
      boolean valid = switch (type) {
        case OBJECT -> objectValid((JsonObject) v);
        case ARRAY -> arrayValid((JsonArray) v);
        case NUMBER -> numberValid((Number) v);
        case STRING -> stringValid((String) v);
        default -> true;
      };
      return valid && (format == null || OPENAPI_FORMATS.validateFormat(typeName(type), format, v) == null);
    }

    private boolean typeMatches(int type, Object v) {
      return (types & type) != 0 || type == NUMBER && (types & INTEGER) != 0 && isInteger(v);
    }

    private boolean composed(Object v) {
      if (allOf != null) {
        for (Node n : allOf) {
          if (!n.accepts(v)) {
            return false;
          }
        }
      }
      if (anyOf != null) {
        boolean any = false;
        for (int i = 0; i < anyOf.length && !any; i++) {
          any = anyOf[i].accepts(v);
        }
        if (!any) {
          return false;
        }
      }
      if (oneOf != null) {
        int matches = 0;
        for (int i = 0; i < oneOf.length && matches < 2; i++) {
          if (oneOf[i].accepts(v)) {
            matches++;
          }
        }
        return matches == 1;
      }
      return true;
    }

    private boolean objectValid(JsonObject o) {
      if (required != null) {
        for (String key : required) {
          if (!o.containsKey(key)) {
            return false;
          }
        }
      }
      int size = o.size();
      if (minProperties >= 0 && size < minProperties || maxProperties >= 0 && size > maxProperties) {
        return false;
      }
      if (properties != null) {
        for (int i = 0; i < properties.length; i++) {
          if (o.containsKey(propertyNames[i]) && !properties[i].accepts(o.getValue(propertyNames[i]))) {
            return false;
          }
        }
      }
      if (additionalProperties != null && additionalProperties != ANY) {
        for (Map.Entry<String, Object> e : o.getMap().entrySet()) {
          if (!isProperty(e.getKey()) && !additionalProperties.accepts(e.getValue())) {
            return false;
          }
        }
      }
      return true;
    }

    private boolean isProperty(String key) {
      if (propertyNames != null) {
        for (String name : propertyNames) {
          if (name.equals(key)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean arrayValid(JsonArray a) {
      int size = a.size();
      if (maxItems >= 0 && size > maxItems || minItems >= 0 && size < minItems) {
        return false;
      }
      if (items != null) {
        for (int i = 0; i < size; i++) {
          if (!items.accepts(a.getValue(i))) {
            return false;
          }
        }
      }
      return true;
    }

    private boolean numberValid(Number n) {
      if (isBig(n) || isBig(minimum) || isBig(maximum)) {
        return minimum == null && maximum == null;
      }
      double d = n.doubleValue();
      if (minimum instanceof Number min && (exclusiveMinimum ? d <= min.doubleValue() : d < min.doubleValue())) {
        return false;
      }
      return !(maximum instanceof Number max && (exclusiveMaximum ? d >= max.doubleValue() : d > max.doubleValue()));
    }

    private boolean stringValid(String s) {
      if (minLength >= 0 || maxLength >= 0) {
        int length = ucs2length(s);
        if (minLength >= 0 && length < minLength || maxLength >= 0 && length > maxLength) {
          return false;
        }
      }
      if (pattern != null && !pattern.matcher(s).find()) {
        return false;
      }
      return format == null || format(format, s);
    }

    /** Strings and booleans compare by equals, numbers by value; objects and arrays are left to Vert.x. */
    private boolean inEnum(Object v) {
      if (v instanceof JsonObject || v instanceof JsonArray || isBig(v)) {
        return false;
      }
      for (Object e : enumValues) {
        if (v == null ? e == null : v instanceof Number n ? e instanceof Number m && !isBig(m) && sameNumber(n, m) : v.equals(e)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * vertx-json-schema's format check of a string; {@code uri} and {@code uri-reference} by {@link
   * UriFormat}, whose verdicts are the same without the regexes that overflow the stack on long values.
   */
  static boolean format(String format, String s) {
    return switch (format) {
      case "uri" -> UriFormat.uri(s);
      case "uri-reference" -> UriFormat.uriReference(s);
      default -> Format.fastFormat(format, s);
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static int typeOf(Object v) {
    if (v == null) {
      return NULL;
    }
    if (v instanceof Boolean) {
      return BOOLEAN;
    }
    if (v instanceof Number) {
      return NUMBER;
    }
    if (v instanceof String) {
      return STRING;
    }
    if (v instanceof JsonObject) {
      return OBJECT;
    }
    return v instanceof JsonArray ? ARRAY : -1;
  }

  private static String typeName(int type) {
    return switch (type) {
      case NULL -> "null";
      case BOOLEAN -> "boolean";
      case OBJECT -> "object";
      case ARRAY -> "array";
      case NUMBER -> "number";
      default -> "string";
    };
  }

  private static boolean isBig(Object n) {
    return n instanceof BigDecimal || n instanceof BigInteger;
  }

  /** As vertx-json-schema's {@code Numbers.isInteger}: integral types, and floats without a fraction. */
  private static boolean isInteger(Object n) {
    if (n instanceof Byte || n instanceof Short || n instanceof Integer || n instanceof Long || n instanceof BigInteger) {
      return true;
    }
    if (n instanceof Float f) {
      return f % 1 == 0.0f;
    }
    if (n instanceof Double d) {
      return d % 1 == 0.0;
    }
    return n instanceof BigDecimal b && b.remainder(BigDecimal.ONE).equals(BigDecimal.ZERO);
  }

  private static boolean sameNumber(Number a, Number b) {
    return isInteger(a) && isInteger(b) ? a.longValue() == b.longValue() : a.doubleValue() == b.doubleValue();
  }

  /** String length as vertx-json-schema counts it: a surrogate pair is one. */
  private static int ucs2length(String s) {
    int result = 0;
    int length = s.length();
    int index = 0;
    while (index < length) {
      result++;
      char c = s.charAt(index++);
      if (c >= 0xd800 && c <= 0xdbff && index < length && (s.charAt(index) & 0xfc00) == 0xdc00) {
        index++;
      }
    }
    return result;
  }
}
