package dev.custcode.customer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CustomerFieldsTest {
    private static String name(Map<String, String> values) {
        return CustomerFields.derive(values).get("name");
    }

    @Test
    void aNameFromItsPartsIsWrittenInItsOwnOrder() {
        assertThat(name(Map.of("firstName", "Heather", "lastName", "Callahan"))).isEqualTo("Heather Callahan");
        assertThat(name(Map.of("lastName", "张", "firstName", "伟"))).as("姓 张, 名 伟").isEqualTo("张伟");
        assertThat(name(Map.of("firstName", "小明", "lastName", "王"))).isEqualTo("王小明");
        assertThat(name(Map.of("firstName", "ひろし", "lastName", "山田"))).isEqualTo("山田ひろし");
        assertThat(name(Map.of("firstName", "Wei", "lastName", "张"))).as("mixed: as written in the West").isEqualTo("Wei 张");
        assertThat(name(Map.of("lastName", "张"))).isEqualTo("张");
        assertThat(name(Map.of("name", "杭州青木贸易有限公司", "lastName", "张"))).isEqualTo("杭州青木贸易有限公司");
        assertThat(name(Map.of("company", "ACME Ltd"))).isEqualTo("ACME Ltd");
    }
}
