package dev.custcode.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SchemeLoaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void defaultSchemeIsValidAndComplete() {
        Scheme s = SchemeLoader.defaultScheme();
        assertThat(s.dimensions()).extracting(DimensionSpec::name)
                .containsExactly("region", "type", "channel", "tier", "lifecycle", "importance");
        assertThat(s.folders()).containsExactly("region", "type", "tier");
        assertThat(s.dimension("importance").orElseThrow().coded()).as("volatile: filed, never coded").isFalse();
        assertThat(s.fields().get("profit").aliases()).contains("毛利", "利润", "Profit");
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
    void aThresholdWrittenInWordsSaysWhatWasFoundWithoutTheParsersClassNames() throws Exception {
        ObjectNode doc = defaultDocument();
        ObjectNode rule = (ObjectNode) doc.get("dimensions").get(3).get("rules").get(0);
        rule.put("min", "1百万");
        InvalidSchemeException e = invalid(doc);
        assertThat(e.errors()).extracting(SchemeError::path).containsExactly("$.dimensions[3].rules[0].min");
        assertThat(e.errors().get(0).problem()).isEqualTo("expected a number, found the text \"1百万\" (write the number in digits: 1000000,"
                + " not 1百万 or \"1,000,000\")").doesNotContain("java.");
    }

    @Test
    void everyValueOfTheWrongTypeIsReportedFromOneUpload() throws Exception {
        ObjectNode doc = defaultDocument();
        ((ObjectNode) doc.get("dimensions").get(3).get("rules").get(0)).put("min", "1百万");
        ((ObjectNode) doc.get("dimensions").get(3).get("rules").get(1)).put("max", "a lot");
        ((ObjectNode) doc.get("dimensions").get(1)).put("rules", "by type");
        ((ObjectNode) doc.get("dimensions").get(2)).put("colour", "red");
        doc.put("folders", 3);
        InvalidSchemeException e = invalid(doc);
        assertThat(e.errors()).extracting(SchemeError::path).containsExactlyInAnyOrder("$.dimensions[3].rules[0].min",
                "$.dimensions[3].rules[1].max", "$.dimensions[1].rules", "$.dimensions[2].colour", "$.folders");
        assertThat(e.errors()).filteredOn(err -> err.path().equals("$.dimensions[1].rules")).singleElement()
                .extracting(SchemeError::problem).isEqualTo("expected an array, found a string");
        assertThat(e.errors()).filteredOn(err -> err.path().equals("$.dimensions[3].rules[1].max")).singleElement()
                .extracting(SchemeError::problem).asString().startsWith("expected a number, found the text \"a lot\"");
        assertThat(e.errors()).allSatisfy(err -> assertThat(err.problem()).doesNotContain("java.").doesNotContain("Cannot"));
    }

    @Test
    void aCutShortDocumentSaysWhereWithoutTheParsersNotes() {
        // Cut after a complete entry of a table, as a file saved half-way is.
        String json = new String(SchemeLoader.defaultSchemeJson(), StandardCharsets.UTF_8);
        String entry = "\"北京市\": \"north\"";
        byte[] cut = json.substring(0, json.indexOf(entry) + entry.length()).getBytes(StandardCharsets.UTF_8);
        InvalidSchemeException e = catchThrowableOfType(InvalidSchemeException.class, () -> SchemeLoader.parse(cut));
        assertThat(e.errors().get(0).problem()).contains("Unexpected end-of-input").contains("line: ").doesNotContain("REDACTED");
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

    @Test
    void defaultSchemeTypesItsNumbersAndDates() {
        Scheme s = SchemeLoader.defaultScheme();
        assertThat(s.fields().get("amount").fieldType()).isEqualTo(FieldType.AMOUNT);
        assertThat(s.fields().get("orders").fieldType()).isEqualTo(FieldType.COUNT);
        assertThat(s.fields().get("lastOrderDate").fieldType()).isEqualTo(FieldType.DATE);
        assertThat(s.fields().get("firstDate").fieldType()).isEqualTo(FieldType.DATE);
        assertThat(s.fields().get("name").fieldType()).isEqualTo(FieldType.TEXT);
        assertThat(s.fields().get("code").aliases()).contains("客户编码", "客户代码", "custcode");
        assertThat(s.fields().get("sourceId").aliases()).doesNotContain("客户编码", "客户代码");
        assertThat(s.fields().get("address").aliases()).contains("地址", "所在地区", "Street Address", "Location");
        assertThat(s.tables().get("cities")).hasSizeGreaterThan(300).containsEntry("杭州", "east").containsEntry("拉萨", "southwest");
    }

    @Test
    void unknownFieldTypeIsReportedByPath() throws Exception {
        ObjectNode doc = defaultDocument();
        ((ObjectNode) doc.get("fields").get("amount")).put("type", "money");
        InvalidSchemeException e = invalid(doc);
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.path()).isEqualTo("$.fields.amount.type");
            assertThat(err.problem()).contains("money").contains("amount");
        });
    }

    @Test
    void scoresWeighNumericFieldsOnlyAndPopulationRulesRankNumbersOnly() throws Exception {
        ObjectNode doc = defaultDocument();
        ((ObjectNode) doc.get("scores").get("valueScore")).put("name", 2);
        ((ObjectNode) doc.get("scores")).putObject("amount").put("orders", 1);
        for (JsonNode d : doc.withArray("dimensions")) {
            if (d.get("name").asText().equals("tier")) {
                ((ObjectNode) d).putArray("rules").addObject().put("field", "name").put("topPercent", 20).put("value", "a");
            }
        }
        ((ObjectNode) doc.withArray("dimensions").get(4)).putArray("rules").addObject().put("field", "amount").put("topPercent", 120)
                .put("value", "loyal");
        InvalidSchemeException e = invalid(doc);
        assertThat(e.errors()).extracting(SchemeError::path).containsExactlyInAnyOrder("$.scores.valueScore.name", "$.scores.amount",
                "$.dimensions[3].rules[0].field", "$.dimensions[4].rules[0].topPercent");
    }

    @Test
    void matchOptionIsCheckedByPath() throws Exception {
        ObjectNode doc = defaultDocument();
        ((ObjectNode) doc.get("dimensions").get(0).get("rules").get(0)).put("match", "fuzzy");
        ((ObjectNode) doc.get("dimensions").get(1).get("rules").get(0)).put("match", "prefix");
        InvalidSchemeException e = invalid(doc);
        assertThat(e.errors()).extracting(SchemeError::path)
                .containsExactlyInAnyOrder("$.dimensions[0].rules[0].match", "$.dimensions[1].rules[0].match");
        assertThat(e.errors()).extracting(SchemeError::problem)
                .anySatisfy(p -> assertThat(p).contains("fuzzy").contains("prefix"))
                .anySatisfy(p -> assertThat(p).contains("table rules"));
    }

    @Test
    void matchExactAndPrefixAreAccepted() throws Exception {
        ObjectNode doc = defaultDocument();
        ((ObjectNode) doc.get("dimensions").get(0).get("rules").get(0)).put("match", "exact");
        assertThat(SchemeLoader.parse(JSON.writeValueAsBytes(doc)).dimensions().get(0).rules().get(0).match()).isEqualTo("exact");
        assertThat(SchemeLoader.defaultScheme().dimensions().get(0).rules())
                .extracting(RuleSpec::field, RuleSpec::table, RuleSpec::match)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("province", "provinces", null),
                        org.assertj.core.groups.Tuple.tuple("city", "cities", null),
                        org.assertj.core.groups.Tuple.tuple("address", "cities", "prefix"),
                        org.assertj.core.groups.Tuple.tuple("address", "provinces", "prefix"),
                        org.assertj.core.groups.Tuple.tuple("country", "countries", null),
                        org.assertj.core.groups.Tuple.tuple("province", "east-asia", null),
                        org.assertj.core.groups.Tuple.tuple("address", "east-asia", "prefix"),
                        org.assertj.core.groups.Tuple.tuple("province", "states", null),
                        org.assertj.core.groups.Tuple.tuple("city", "world-cities", null));
    }

    @Test
    void aMissingValueIsSaidInAStewardsWordsNotTheParsers() {
        byte[] draft = "{\"name\":\"broken\",\"dimensions\":[{\"name\":\"tier\",\"rules\":[]}]}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SchemeLoader.parse(draft))
                .isInstanceOfSatisfying(InvalidSchemeException.class, e -> assertThat(e.errors()).anySatisfy(err -> {
                    assertThat(err.toString()).contains("coded").contains("expected true or false, found nothing (missing or null)")
                            .doesNotContain("DeserializationConfig").doesNotContain("Cannot map");
                }));
    }
}
