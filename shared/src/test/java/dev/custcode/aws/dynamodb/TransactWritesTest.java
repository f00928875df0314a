package dev.custcode.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.customer.ItemSize;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Packing groups into transactions under both of DynamoDB's limits: 100 items and 4 MB. No network. */
class TransactWritesTest {

    private static TransactWriteItem put(String pk, int valueBytes) {
        return TransactWriteItem.builder().put(Put.builder().tableName("t")
                .item(Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromS("x".repeat(valueBytes)))).build()).build();
    }

    @Test
    void smallItemsArePackedByCount() {
        List<List<TransactWriteItem>> groups = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            groups.add(List.of(put("code:" + i, 10), put("sid:" + i, 0)));
        }
        List<List<Integer>> packs = TransactWrites.pack(groups);
        assertThat(packs).hasSize(3);
        assertThat(packs.get(0)).hasSize(50);
    }

    @Test
    void largeItemsArePackedByBytes() {
        List<List<TransactWriteItem>> groups = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            groups.add(List.of(put("code:" + i, 340 * 1024), put("sid:" + i, 0)));
        }
        List<List<Integer>> packs = TransactWrites.pack(groups);
        for (List<Integer> pack : packs) {
            long bytes = pack.stream().flatMap(g -> groups.get(g).stream()).mapToLong(ItemSizes::of).sum();
            assertThat(bytes).isLessThanOrEqualTo(TransactWrites.MAX_BYTES).isLessThan(4_000_000);
        }
        assertThat(packs.stream().mapToInt(List::size).sum()).isEqualTo(30);
        assertThat(packs.get(0)).hasSize(10);
    }

    @Test
    void itemSizesCountUtf8BytesOfNamesAndValues() {
        assertThat(ItemSizes.of(Map.of("pk", AttributeValue.fromS("sid:C1")))).isEqualTo(2 + 6);
        assertThat(ItemSizes.of(Map.of("n", AttributeValue.fromS("客户")))).isEqualTo(1 + 6);
        assertThat(ItemSize.utf8("客户😀a")).isEqualTo("客户😀a".getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void theDomainEstimateIsAtLeastTheMappedItem() {
        Customer c = Customer.builder().code("NED000001").prefix("NED").sequence(1).folder("north/enterprise/tier-a")
                .dimensions(Map.of("region", "north", "type", "enterprise", "tier", "a"))
                .attributes(Map.of("name", "北京星河科技有限公司", "note", "备注".repeat(1000)))
                .stamps(Map.of("name", "001764456575123|incoming/a.csv|000000000042", "note", "001764456575123|incoming/a.csv|000000000042"))
                .keys(List.of("sid:C0001", "tel:8613800138000")).version(3)
                .createdAt("2026-11-23T10:00:00Z").updatedAt("2026-11-23T10:00:00Z")
                .first("0123456789abcdef0123456789abcdef", 2).last("0123456789abcdef0123456789abcdef", 2).build();
        long mapped = ItemSizes.of(CustomerItems.toItem(c));
        assertThat(ItemSize.estimate(c)).isGreaterThanOrEqualTo(mapped).isLessThan(mapped + ItemSize.FIXED_BYTES);
    }
}
