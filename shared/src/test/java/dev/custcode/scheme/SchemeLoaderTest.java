package dev.custcode.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SchemeLoaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultSchemeIsValidAndComplete() {
        Scheme s = SchemeLoader.defaultScheme();
        assertThat(s.dimensions()).extracting(DimensionSpec::name)
                .containsExactly("region", "type", "channel", "tier", "lifecycle");
        assertThat(s.folders()).containsExactly("region", "type", "tier");
        assertThat(s.code()).isEqualTo("{region}{type}{channel}{seq:6}");
        assertThat(s.dimension("tier").orElseThrow().coded()).isFalse();
        assertThat(s.dimension("region").orElseThrow().value("north").orElseThrow().label()).startsWith("华北");
    }

    private static ObjectNode defaultDocument() throws Exception {
        return (ObjectNode) JSON.readTree(SchemeLoader.defaultSchemeJson());
    }

    private static InvalidSchemeException invalid(ObjectNode doc) throws Exception {
        byte[] bytes = JSON.writeValueAsBytes(doc);
        return catchThrowableOfType(InvalidSchemeException.class, () -> SchemeLoader.parse(bytes));
    }

    @Test
    void unknownPropertyIsReportedByPath() throws Exception {
        ObjectNode doc = defaultDocument();
        ((ObjectNode) doc.get("dimensions").get(2)).put("colour", "red");
        InvalidSchemeException e = invalid(doc);
        assertThat(e.errors()).extracting(SchemeError::path).containsExactly("$.dimensions[2].colour");
        assertThat(e.errors().get(0).problem()).contains("unknown property");
    }

    @Test
    void folderThatIsNotASlugIsRejected() throws Exception {
        ObjectNode doc = defaultDocument();
        ((ObjectNode) doc.get("dimensions").get(0).get("values").get(1)).put("folder", "../etc");
        InvalidSchemeException e = invalid(doc);
        assertThat(e.errors()).extracting(SchemeError::path).contains("$.dimensions[0].values[1].folder");
    }

    @Test
    void everyProblemIsListedNotJustTheFirst() throws Exception {
        ObjectNode doc = defaultDocument();
        ObjectNode channel = (ObjectNode) doc.get("dimensions").get(2);
        ((ObjectNode) channel.get("values").get(0)).remove("letter");
        channel.put("default", "nowhere");
        ((ArrayNode) doc.get("folders")).add("colour");
        doc.put("code", "{region}{type}{seq:6}");
        InvalidSchemeException e = invalid(doc);
        assertThat(e.errors()).extracting(SchemeError::path).contains(
                "$.dimensions[2].values[0].letter", "$.dimensions[2].default", "$.folders[3]", "$.dimensions[2].coded");
    }

    @Test
    void ruleValuesMustBeKeysOfTheirDimension() throws Exception {
        ObjectNode doc = defaultDocument();
        ((ObjectNode) doc.get("dimensions").get(3).get("rules").get(0)).put("value", "platinum");
        ((ObjectNode) doc.get("dimensions").get(0).get("rules").get(0)).put("table", "planets");
        InvalidSchemeException e = invalid(doc);
        assertThat(e.errors()).extracting(SchemeError::path).contains("$.dimensions[3].rules[0].value", "$.dimensions[0].rules[0].table");
    }

    @Test
    void brokenJsonIsReportedAtTheRoot() {
        InvalidSchemeException e = catchThrowableOfType(InvalidSchemeException.class,
                () -> SchemeLoader.parse("{\"name\": ".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.errors()).singleElement().satisfies(err -> assertThat(err.path()).isEqualTo("$"));
    }
}
