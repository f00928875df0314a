package dev.custcode.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.GroupValue;
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
}
