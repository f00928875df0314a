package dev.custcode.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.SchemeLoader;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassifierTest {
    private static final LocalDate AS_OF = LocalDate.of(2026, 11, 23);
    private final Classifier classifier = new Classifier(SchemeLoader.defaultScheme());

    private Classification classify(Map<String, String> values) {
        return classifier.classify(values, AS_OF);
    }

    @ParameterizedTest
    @CsvSource({
            "广东, south", "广东省, south", "Guangdong, south", "guangdong, south",
            "北京市, north", "内蒙古自治区, north", "黑龙江, northeast", "上海, east", "湖北省, central",
            "重庆, southwest", "新疆维吾尔自治区, northwest", "香港, hmt", "澳门特别行政区, hmt", "台湾, hmt"})
    void provincesFallInTheirRegion(String province, String region) {
        assertThat(classify(Map.of("name", "x", "province", province)).values().get("region").key()).isEqualTo(region);
    }

    @ParameterizedTest
    @CsvSource({"Norway, europe", "Nepal, asia", "United States of America, north-america", "美国, north-america",
            "Brazil, south-america", "Kenya, africa", "Fiji, oceania", "Hong Kong, hmt", "Atlantis, unknown"})
    void overseasCountriesFallInTheirContinent(String country, String region) {
        assertThat(classify(Map.of("name", "x", "country", country)).values().get("region").key()).isEqualTo(region);
    }

    @Test
    void provinceWinsOverCountry() {
        assertThat(classify(Map.of("name", "x", "province", "四川", "country", "China")).values().get("region").key()).isEqualTo("southwest");
    }

    @Test
    void typeComesFromTheColumnThenTaxIdThenCompanyThenNameSuffix() {
        assertThat(classify(Map.of("name", "王小明", "type", "个人")).values().get("type").key()).isEqualTo("personal");
        assertThat(classify(Map.of("name", "王小明", "type", "企业")).values().get("type").key()).isEqualTo("enterprise");
        assertThat(classify(Map.of("name", "王小明", "taxId", "91440300MA5F")).values().get("type").key()).isEqualTo("enterprise");
        assertThat(classify(Map.of("name", "Heather Callahan", "company", "Mosley-David")).values().get("type").key()).isEqualTo("enterprise");
        assertThat(classify(Map.of("name", "成都天府食品厂")).values().get("type").key()).isEqualTo("enterprise");
        assertThat(classify(Map.of("name", "Acme Widgets Ltd.")).values().get("type").key()).isEqualTo("enterprise");
        assertThat(classify(Map.of("name", "李娜")).values().get("type").key()).isEqualTo("personal");
    }

    @ParameterizedTest
    @CsvSource({"线上, online", "网店, online", "Online, online", "线下, offline", "代理商, agent", "经销商, agent",
            "直销, direct", "Direct, direct", "telepathy, unspecified"})
    void channelSynonyms(String cell, String channel) {
        assertThat(classify(Map.of("name", "x", "channel", cell)).values().get("channel").key()).isEqualTo(channel);
    }

    @Test
    void tierByAmountOrOrderCount() {
        assertThat(classify(Map.of("name", "x", "amount", "¥1,280,000")).values().get("tier").key()).isEqualTo("a");
        assertThat(classify(Map.of("name", "x", "amount", "100", "orders", "60")).values().get("tier").key()).isEqualTo("a");
        assertThat(classify(Map.of("name", "x", "amount", "35,600元")).values().get("tier").key()).isEqualTo("b");
        assertThat(classify(Map.of("name", "x", "amount", "9,999.99")).values().get("tier").key()).isEqualTo("c");
        assertThat(classify(Map.of("name", "x")).values().get("tier").key()).isEqualTo("c");
    }

    @Test
    void lifecycleCountsDaysToTheAsOfDate() {
        assertThat(classify(Map.of("name", "x")).values().get("lifecycle").key()).isEqualTo("potential");
        assertThat(classify(Map.of("name", "x", "orders", "1", "lastOrderDate", "2026-11-01")).values().get("lifecycle").key()).isEqualTo("new");
        assertThat(classify(Map.of("name", "x", "orders", "3", "lastOrderDate", "2026/10/1")).values().get("lifecycle").key()).isEqualTo("repeat");
        assertThat(classify(Map.of("name", "x", "orders", "30", "lastOrderDate", "2026年9月1日")).values().get("lifecycle").key()).isEqualTo("loyal");
        assertThat(classify(Map.of("name", "x", "orders", "30", "lastOrderDate", "2025-11-22")).values().get("lifecycle").key()).isEqualTo("churned");
        assertThat(classifier.classify(Map.of("name", "x", "orders", "30", "lastOrderDate", "2025-11-22"), LocalDate.of(2026, 1, 1))
                .values().get("lifecycle").key()).isEqualTo("loyal");
    }

    @Test
    void folderPathAndPrefixFollowTheScheme() {
        Classification c = classify(Map.of("name", "北京星河科技有限公司", "province", "北京", "channel", "直销", "amount", "1,280,000"));
        assertThat(c.folder()).isEqualTo("north/enterprise/tier-a");
        assertThat(c.prefix()).isEqualTo("NED");
        assertThat(c.valueKeys()).containsEntry("region", "north").containsEntry("lifecycle", "potential");
    }

    @Test
    void anyColumnCanDriveARuleByItsHeader() {
        // A column the scheme has no field for is still reachable by its (normalized) header.
        assertThat(CompiledRule.field(Map.of("productline", "tea"), "Product Line")).isEqualTo("tea");
    }
}
