package dev.custcode.scheme;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and validates scheme documents.
 *
 * <pre>{@code
 * Scheme scheme = SchemeLoader.defaultScheme();
 * Scheme custom = SchemeLoader.parse(jsonBytes);   // throws InvalidSchemeException naming JSON paths
 * }</pre>
 */
public final class SchemeLoader {
    private static final String DEFAULT_RESOURCE = "default-scheme.json";
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static volatile Scheme defaultScheme;

    private SchemeLoader() {
    }

    /** The built-in default scheme (validated once, then cached). */
    public static Scheme defaultScheme() {
        Scheme s = defaultScheme;
        if (s == null) {
            try (InputStream in = SchemeLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
                s = parse(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InvalidSchemeException e) {
                throw new IllegalStateException("the built-in scheme is invalid: " + e.getMessage(), e);
            }
            defaultScheme = s;
        }
        return s;
    }

    /** The built-in default scheme document, exactly as shipped. */
    public static byte[] defaultSchemeJson() {
        try (InputStream in = SchemeLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses and validates a scheme document. */
    public static Scheme parse(byte[] json) throws InvalidSchemeException {
        Scheme scheme;
        TypeErrors typeErrors = new TypeErrors();
        try {
            scheme = MAPPER.readerFor(Scheme.class).withHandler(typeErrors).readValue(json);
        } catch (JsonMappingException e) {
            List<SchemeError> all = new ArrayList<>(typeErrors.errors);
            all.add(new SchemeError(path(e), problem(e)));
            throw new InvalidSchemeException(all);
        } catch (JsonProcessingException e) {
            throw new InvalidSchemeException(List.of(new SchemeError("$", "not valid JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!typeErrors.errors.isEmpty()) {
            // The document was read with each of them left empty: the rules of the validator would only restate them.
            throw new InvalidSchemeException(typeErrors.errors);
        }
        if (scheme == null) {
            throw new InvalidSchemeException(List.of(new SchemeError("$", "the document is empty")));
        }
        List<SchemeError> errors = new SchemeValidator(scheme).validate();
        if (!errors.isEmpty()) {
            throw new InvalidSchemeException(errors);
        }
        return scheme;
    }

    /**
     * Every value of the wrong type in a document (a word for a threshold, a text for a list, an
     * unknown property), each read as empty so that reading goes on: a steward learns all of them
     * from one upload, not one per upload.
     */
    private static final class TypeErrors extends DeserializationProblemHandler {
        final List<SchemeError> errors = new ArrayList<>();

        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p, JsonDeserializer<?> deserializer,
                                             Object beanOrClass, String propertyName) throws IOException {
            errors.add(new SchemeError(path(p.getParsingContext()), "unknown property \"" + propertyName + "\""));
            p.skipChildren();
            return true;
        }

        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String value, String failureMsg) {
            errors.add(new SchemeError(path(ctxt.getParser().getParsingContext()), found(targetType, "the text \"" + value + "\"")));
            return empty(targetType);
        }

        @Override
        public Object handleWeirdNumberValue(DeserializationContext ctxt, Class<?> targetType, Number value, String failureMsg) {
            errors.add(new SchemeError(path(ctxt.getParser().getParsingContext()), found(targetType, "the number " + value)));
            return empty(targetType);
        }

        @Override
        public Object handleUnexpectedToken(DeserializationContext ctxt, JavaType targetType, JsonToken token, JsonParser p,
                                            String failureMsg) throws IOException {
            errors.add(new SchemeError(path(p.getParsingContext()), found(targetType.getRawClass(), token(token))));
            p.skipChildren();
            return empty(targetType.getRawClass());
        }

        @Override
        public Object handleMissingInstantiator(DeserializationContext ctxt, Class<?> instClass, ValueInstantiator instantiator,
                                                JsonParser p, String msg) throws IOException {
            errors.add(new SchemeError(path(p.getParsingContext()), found(instClass, token(p.currentToken()))));
            p.skipChildren();
            return null;
        }

        private static String found(Class<?> type, String what) {
            return "expected " + describe(type) + ", found " + what
                    + (Number.class.isAssignableFrom(type) ? " (write the number in digits: 1000000, not 1百万 or \"1,000,000\")" : "");
        }

        private static String token(JsonToken t) {
            if (t == null) {
                return "nothing";
            }
            return switch (t) {
                case START_ARRAY -> "an array";
                case START_OBJECT -> "an object";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "true or false";
                case VALUE_NULL -> "null";
                default -> t.asString() != null ? t.asString() : t.name();
            };
        }

        /** What a value left empty reads as: nothing, or for a primitive its zero. */
        private static Object empty(Class<?> type) {
            if (type == boolean.class) {
                return false;
            }
            return type.isPrimitive() ? 0 : null;
        }

        private static String path(JsonStreamContext context) {
            java.util.Deque<String> parts = new java.util.ArrayDeque<>();
            for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    parts.push("[" + Math.max(0, c.getCurrentIndex()) + "]");
                } else if (c.getCurrentName() != null) {
                    parts.push("." + c.getCurrentName());
                }
            }
            return "$" + String.join("", parts);
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String problem(JsonMappingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown property \"" + u.getPropertyName() + "\"";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f && f.getTargetType() != null) {
            // "1百万" under a threshold: say what was found, not the parser's class names.
            Object v = f.getValue();
            return TypeErrors.found(f.getTargetType(), v instanceof String text ? "the text \"" + text + "\"" : String.valueOf(v));
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null) {
            String said = plain(e.getOriginalMessage());
            return "expected " + describe(m.getTargetType()) + (said.startsWith("Cannot map `null`") ? ", found nothing (missing or null)" : ": " + said);
        }
        return plain(e.getOriginalMessage());
    }

    /** The parser's message without its advice to programmers ("set DeserializationConfig… to allow"). */
    private static String plain(String message) {
        return firstLine(message).replaceAll("\\s*\\((?:set|through reference chain|for Object starting at)[^)]*\\)", "")
                // A location says where in the file: its line and column, not the parser's note that it names no source.
                .replaceAll("\\[Source: REDACTED \\(`[A-Za-z_.]+` disabled\\); ", "[");
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return type.getSimpleName();
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
