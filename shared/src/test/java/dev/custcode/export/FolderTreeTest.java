package dev.custcode.export;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.scheme.SchemeLoader;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FolderTreeTest {

    @Test
    void ancestorsCountTheirLeavesAndCarryLabels() {
        FolderTree tree = new FolderTree(SchemeLoader.defaultScheme(), Map.of(
                "north/enterprise/tier-a", 3L, "north/enterprise/tier-c", 4L, "north/personal/tier-c", 5L, "south/enterprise/tier-b", 1L));
        assertThat(tree.root().count()).isEqualTo(13);
        assertThat(tree.find("north").count()).isEqualTo(12);
        assertThat(tree.find("north/enterprise").count()).isEqualTo(7);
        assertThat(tree.find("north").label()).isEqualTo("华北 North China");
        assertThat(tree.find("north/enterprise").dimension()).isEqualTo("type");
        assertThat(tree.labels("south/enterprise/tier-b")).containsExactly("华南 South China", "企业客户 Enterprise", "B 类 Growth account");
        assertThat(tree.find("west")).isNull();
    }

    @Test
    void selfAndAncestorsOfALeaf() {
        assertThat(FolderTree.selfAndAncestors("a/b/c")).containsExactly("a", "a/b", "a/b/c");
        assertThat(FolderTree.selfAndAncestors("a")).containsExactly("a");
    }

    private static Customer customer(String code) {
        return Customer.builder().code(code).prefix(code.substring(0, 3)).sequence(1).folder("f").keys(java.util.List.of("sid:" + code))
                .createdAt("t").updatedAt("t").first("i", 1).last("i", 1).build();
    }

    @Test
    void mergeKeepsCodeOrderAcrossStreams() {
        Iterator<Customer> merged = dev.custcode.customer.CodeOrder.merge(List.of(
                List.of(customer("AEZ000001"), customer("AEZ000004")).iterator(),
                List.<Customer>of().iterator(),
                List.of(customer("AEZ000002"), customer("FEZ000001")).iterator()));
        List<String> codes = new java.util.ArrayList<>();
        merged.forEachRemaining(c -> codes.add(c.code()));
        assertThat(codes).containsExactly("AEZ000001", "AEZ000002", "AEZ000004", "FEZ000001");
    }
}
