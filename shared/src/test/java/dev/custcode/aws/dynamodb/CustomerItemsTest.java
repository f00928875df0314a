package dev.custcode.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CustomerItemsTest {
    private static final String A = "001764456575123|incoming/a.csv|000000000042";
    private static final String B = "001764456999999|incoming/b.csv|000000000007";

    private static Customer customer(Map<String, String> attrs, Map<String, String> stamps) {
        return Customer.builder().code("NED000001").prefix("NED").sequence(1).folder("north/enterprise/tier-a")
                .dimensions(Map.of("region", "north")).attributes(attrs).stamps(stamps).keys(List.of("sid:C1"))
                .version(3).createdAt("2026-11-30T00:00:00Z").updatedAt("2026-11-30T00:00:00Z").first("i1", 2).last("i2", 7).build();
    }

    @Test
    void stampsAreStoredOnceForTheFieldsThatShareThemAndReadBackExactly() {
        Map<String, String> attrs = Map.of("name", "星河科技", "phone", "13800000001", "email", "a@b.cn", "city", "北京", "sourceId", "C1");
        Map<String, String> stamps = new HashMap<>(Map.of("name", A, "phone", A, "email", B, "city", A, "industry", B));
        // sourceId has no stamp; industry was cleared (a stamp, no value).
        Customer c = customer(attrs, stamps);
        Map<String, AttributeValue> item = CustomerItems.toItem(c);
        assertThat(item.get("stamp").s()).isEqualTo(A);
        assertThat(item.get("stamps").m()).containsOnlyKeys("email", "industry", "sourceId");
        assertThat(item.get("stamps").m().get("sourceId").s()).isEmpty();
        assertThat(CustomerItems.fromItem(item)).isEqualTo(c);
    }

    @Test
    void itemsWrittenWithTheFullStampMapReadAsBefore() {
        Customer c = customer(Map.of("name", "x", "phone", "1"), Map.of("name", A, "phone", B));
        Map<String, AttributeValue> item = new HashMap<>(CustomerItems.toItem(c));
        item.remove("stamp");
        item.put("stamps", AttributeValue.fromM(Map.of("name", AttributeValue.fromS(A), "phone", AttributeValue.fromS(B))));
        assertThat(CustomerItems.fromItem(item).stamps()).isEqualTo(Map.of("name", A, "phone", B));
    }
}
