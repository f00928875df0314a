package dev.custcode.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.GroupValue;
import dev.custcode.scheme.Scheme;
import dev.custcode.scheme.SchemeLoader;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void bilingualLabelsSplitWhereTheScriptChanges() {
        assertThat(Labels.bilingualParts("企业客户 Enterprise")).containsExactly("企业客户", "Enterprise");
        assertThat(Labels.bilingualParts("华北 North China")).containsExactly("华北", "North China");
        assertThat(Labels.bilingualParts("A 类 Key account")).containsExactly("A 类", "Key account");
        assertThat(Labels.bilingualParts("Key account 大客户")).containsExactly("Key account", "大客户");
        assertThat(Labels.bilingualParts("线上Online")).containsExactly("线上", "Online");
        assertThat(Labels.bilingualParts("Online")).isEmpty();
        assertThat(Labels.bilingualParts("线上")).isEmpty();
    }

    @Test
    void spellingsAreKeyFolderLabelAndParts() {
        assertThat(Labels.spellings(new GroupValue("a", "tier-a", "A 类 Key account", "A")))
                .containsExactly("a", "tier-a", "A 类 Key account", "A 类", "Key account");
    }

    @Test
    void aValueIsFoundByAnySpellingAPersonWritesInAFilter() {
        Scheme scheme = SchemeLoader.defaultScheme();
        var lifecycle = scheme.dimension("lifecycle").orElseThrow();
        var region = scheme.dimension("region").orElseThrow();
        assertThat(Labels.valueKey(lifecycle, "忠诚客户")).contains("loyal");
        assertThat(Labels.valueKey(lifecycle, "忠誠客戶")).as("traditional, as a Taiwan or Hong Kong steward writes it").contains("loyal");
        assertThat(Labels.valueKey(lifecycle, " LOYAL ")).contains("loyal");
        assertThat(Labels.valueKey(region, "華北")).contains("north");
        assertThat(Labels.valueKey(region, "ＮＯＲＴＨ")).as("full width").contains("north");
        assertThat(Labels.valueKey(region, "nowhere")).isEmpty();
    }
}
