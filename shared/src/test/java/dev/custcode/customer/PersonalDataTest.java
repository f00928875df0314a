package dev.custcode.customer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.SchemeLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PersonalDataTest {

    @Test
    void contactsKeepWhatRecognisesThemAndNothingThatReachesThem() {
        assertThat(PersonalData.mask("phone", "13812348000")).isEqualTo("138****8000");
        assertThat(PersonalData.mask("phone", "010-6543 2100")).isEqualTo("010-**** 2100");
        assertThat(PersonalData.mask("phone2", "+86 138 1234 8000")).isEqualTo("+86 1** **** 8000");
        assertThat(PersonalData.mask("phone", "12345")).isEqualTo("***45");
        assertThat(PersonalData.mask("email", "zhang.wei@example.com")).isEqualTo("z***@example.com");
        assertThat(PersonalData.mask("email", "not-an-email")).isEqualTo("n***");
        assertThat(PersonalData.mask("taxId", "91330100MA2B3C4D5E")).isEqualTo("91**************5E");
        assertThat(PersonalData.mask("taxId", "1234")).isEqualTo("****");
        assertThat(PersonalData.mask("address", "杭州市西湖区文三路 1 号")).isEqualTo("杭***");
        assertThat(PersonalData.mask("phone", "")).isEmpty();
        assertThat(PersonalData.mask("phone", null)).isNull();
    }

    @Test
    void everyMaskIsRecognisedAsOneAndNoRealContactIs() {
        for (String[] fv : new String[][]{{"phone", "13812348000"}, {"phone", "010-6543 2100"}, {"phone", "12345"}, {"email", "a@b.cn"},
                {"taxId", "91330100MA2B3C4D5E"}, {"taxId", "1234"}, {"address", "杭州"}, {"address", "x"}}) {
            assertThat(PersonalData.isMasked(PersonalData.mask(fv[0], fv[1]))).as("%s", (Object) fv).isTrue();
            assertThat(PersonalData.isMasked(fv[1])).isFalse();
        }
        assertThat(PersonalData.isMasked("+86 (138) 1234-8000 ext. 12")).isFalse();
        // Phones of any length: a local landline of 8 digits, a 3-digit service number (an export dropped back must not
        // read a mask with a single star as a new number).
        String digits = "123456789012345";
        for (int n = 1; n <= digits.length(); n++) {
            String phone = digits.substring(0, n);
            assertThat(PersonalData.isMasked(PersonalData.mask("phone", phone))).as("%d digits", n).isTrue();
        }
        assertThat(PersonalData.mask("phone", "88881234")).isEqualTo("88**1234");
        assertThat(PersonalData.mask("phone", "6543 2100")).isEqualTo("65** 2100");
        assertThat(PersonalData.mask("phone", "-816")).isEqualTo("-**6");
        assertThat(PersonalData.mask("phone", "12")).isEqualTo("**");
    }

    @Test
    void theSchemeSaysWhichFieldsArePersonal() throws Exception {
        var scheme = SchemeLoader.defaultScheme();
        Map<String, String> masked = PersonalData.mask(Map.of("name", "李娜", "phone", "13900139000", "city", "杭州", "email", "li@x.cn"), scheme);
        assertThat(masked).containsEntry("name", "李娜").containsEntry("city", "杭州").containsEntry("phone", "139****9000")
                .containsEntry("email", "l***@x.cn");
        String json = new String(SchemeLoader.defaultSchemeJson(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"industry\": {", "\"industry\": {\"pii\": true,").replace("\"phone\": {", "\"phone\": {\"pii\": false,");
        var custom = SchemeLoader.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(custom.isPersonal("industry")).isTrue();
        assertThat(custom.isPersonal("phone")).isFalse();
        assertThat(custom.isPersonal("email")).isTrue();
    }

    @Test
    void aColumnStoredBeforeTheSchemeNamedItAnAliasOfAPersonalFieldIsPersonal() throws Exception {
        String json = new String(SchemeLoader.defaultSchemeJson(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"industry\": {", "\"wechat\": {\"pii\": true, \"aliases\": [\"微信号\", \"WeChat ID\"]},\n    \"industry\": {");
        var scheme = SchemeLoader.parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        // Stored under their headers by files that came in before the scheme named them.
        Map<String, String> masked = PersonalData.mask(Map.of("微信号", "wxid_li_na_1990", "wechat_id", "wxid_zhang_1988",
                "备注", "老客户"), scheme);
        assertThat(masked.get("微信号")).isNotEqualTo("wxid_li_na_1990").isEqualTo(PersonalData.mask("wechat", "wxid_li_na_1990"));
        assertThat(masked.get("wechat_id")).as("the header as stored, normalized like the alias").isNotEqualTo("wxid_zhang_1988");
        assertThat(masked).containsEntry("备注", "老客户");
        assertThat(SchemeLoader.defaultScheme().isPersonal("手机号码")).isTrue();
        assertThat(SchemeLoader.defaultScheme().isPersonal("所属行业")).isFalse();
    }

    @Test
    void otherColumnsHeadedAsPersonalDataAreMaskedLikeIt() {
        var scheme = SchemeLoader.defaultScheme();
        // Keys of other columns: headers normalized (csv.HeaderMapping).
        for (String key : List.of("联系人手机", "contactphone", "身份证号", "wechatid", "微信号", "qq号", "家庭住址", "dateofbirth", "Phone (3)", "tel2")) {
            assertThat(scheme.isPersonal(key)).as(key).isTrue();
        }
        for (String key : List.of("备注", "hotelname", "postalcode", "segment", "orderid", "所属行业", "联系人")) {
            assertThat(scheme.isPersonal(key)).as(key).isFalse();
        }
        // Each masked the way its kind is.
        assertThat(PersonalData.mask(Map.of("联系人手机", "13912345678", "Phone (2)", "13800001111", "contactemail", "li@qingmu.cn",
                "身份证号", "330102199001011234"), scheme)).containsEntry("联系人手机", "139****5678").containsEntry("Phone (2)", "138****1111")
                .containsEntry("contactemail", "l***@qingmu.cn").containsEntry("身份证号", "3***");
    }

    @Test
    void phonesAndEmailsWrittenInFreeTextAreMaskedThere() {
        assertThat(PersonalData.scrub("联系人王先生 13900001111，备用 0571-8888 1234")).isEqualTo("联系人王先生 139****1111，备用 057*-**** 1234");
        assertThat(PersonalData.scrub("mail li.na@qingmu.cn (sales)")).isEqualTo("mail l***@qingmu.cn (sales)");
        assertThat(PersonalData.scrub("订单 2024 共 12 件, 发票号 123456")).as("short numbers are no phones").isEqualTo("订单 2024 共 12 件, 发票号 123456");
        assertThat(PersonalData.scrub("Create Date 2026-03-01, 01-03-2026; call 1380 0138 000 or 2026 0301 1234"))
                .as("dates are no phones").isEqualTo("Create Date 2026-03-01, 01-03-2026; call 138* ***8 000 or 202* **** 1234");
        assertThat(PersonalData.scrub("a@" + ".".repeat(60_000))).startsWith("a***@");
        var scheme = SchemeLoader.defaultScheme();
        assertThat(PersonalData.mask(Map.of("备注", "call 13900001111", "amount", "13900001111"), scheme))
                .containsEntry("备注", "call 139****1111").as("a field's value is the field's business").containsEntry("amount", "13900001111");
    }

    @Test
    void aFigureInAColumnOfFiguresIsNoPhoneNumber() throws Exception {
        // QA: a CRM's Annual Revenue of 5000000 was shown *****00, and 120000 beside it in full.
        var scheme = SchemeLoader.defaultScheme();
        assertThat(PersonalData.masked("annualrevenue", "5000000", scheme)).isEqualTo("5000000");
        assertThat(PersonalData.masked("注册资本", "12345678.00", scheme)).isEqualTo("12345678.00");
        assertThat(PersonalData.masked("annualrevenue", "call 13900001111", scheme)).as("not a figure: free text").isEqualTo("call 139****1111");
        assertThat(PersonalData.masked("备注", "5000000", scheme)).as("another column").isEqualTo("*****00");
    }

    @Test
    void idsPostalCodesAndDatesOfOtherColumnsAreNoPhoneNumbers() {
        // QA: a HubSpot export's Record ID showed 987***3210, Last Activity Date 202*-**-20 14:01, a Salesforce postal code ***-**05.
        var scheme = SchemeLoader.defaultScheme();
        assertThat(PersonalData.masked("recordid", "9876543210", scheme)).isEqualTo("9876543210");
        assertThat(PersonalData.masked("lastactivitydate", "2025-11-20 14:01", scheme)).isEqualTo("2025-11-20 14:01");
        assertThat(PersonalData.masked("billingzip/postalcode", "100-0005", scheme)).isEqualTo("100-0005");
        assertThat(PersonalData.masked("订单编号", "20251120000123", scheme)).isEqualTo("20251120000123");
        assertThat(PersonalData.masked("accountnumber", "owner li@qingmu.cn", scheme)).as("an email is still one").isEqualTo("owner l***@qingmu.cn");
        // Free text's date and time is a date; a header naming a contact masks its numbers whatever else it says.
        assertThat(PersonalData.scrub("last call 2025-11-20 14:01")).isEqualTo("last call 2025-11-20 14:01");
        assertThat(PersonalData.masked("faxno", "0571-8888 1234", scheme)).isEqualTo("057*-**** 1234");
        assertThat(PersonalData.masked("备注", "9876543210", scheme)).isEqualTo("987***3210");
    }
}
