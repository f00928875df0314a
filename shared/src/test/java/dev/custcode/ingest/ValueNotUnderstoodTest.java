package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.classify.Classifier;
import dev.custcode.customer.Customer;
import org.junit.jupiter.api.Test;

/** What a file cannot stand behind changes nothing stored: a value not read as its type, a column no accepted row fills. */
class ValueNotUnderstoodTest {
    private final FileDrops files = new FileDrops();

    /** The stored value of a customer's field, the customer found by its customer id. */
    private String stored(String sourceId, String field) {
        return files.stores.customers.byKey("sid:" + sourceId).attributes().get(field);
    }

    /** The file updated nobody, the customer's stored value of the field stayed, and the file's warnings say each phrase. */
    private void assertStoredStaysAndSaid(ImportReport r, String sourceId, String field, String stored, String... said) {
        assertThat(r.counts().updated()).isZero();
        assertThat(stored(sourceId, field)).isEqualTo(stored);
        String warnings = files.stores.objects.text(IngestService.warningsKey(r.importId()));
        for (String phrase : said) {
            assertThat(warnings).contains(phrase);
        }
    }

    @Test
    void aTypoUnderTheAmountLeavesTheStoredAmountAndTheFolder() {
        files.drop("客户编号,客户名称,省份,累计金额,最近下单日期\nC2,星河贸易有限公司,浙江,356000,2026-11-01\n");
        Customer before = files.stores.customers.byKey("sid:C2");

        ImportReport r = files.drop("客户编号,累计金额,最近下单日期\nC2,TBD,不是日期\n");

        Customer after = files.stores.customers.byKey("sid:C2");
        assertThat(after.attributes()).containsEntry("amount", "356000").containsEntry("lastOrderDate", "2026-11-01");
        assertThat(after.folder()).as("a key account stays one").isEqualTo(before.folder());
        assertThat(r.counts().updated()).isZero();
        assertThat(files.stores.objects.text(IngestService.warningsKey(r.importId()))).contains("TBD").contains("not an amount" + Classifier.NOT_UNDERSTOOD);
    }

    @Test
    void aTypeOrChannelTheSchemeDoesNotKnowLeavesAKnownStoredOneAndTheFolderAndSaysSo() {
        files.drop("客户编号,客户名称,省份,客户类型,销售渠道\nC20,Pujiang,上海,公司,直销\n");
        Customer before = files.stores.customers.byKey("sid:C20");
        assertThat(before.dimensions()).containsEntry("type", "enterprise").containsEntry("channel", "direct");

        ImportReport r = files.drop("Customer Id,Account Type,Channel\nC20,Reseller,抖音直播\n");

        Customer after = files.stores.customers.byKey("sid:C20");
        assertThat(after.attributes()).containsEntry("type", "公司").containsEntry("channel", "直销");
        assertThat(after.folder()).as("its code says enterprise, and so does its folder").isEqualTo(before.folder());
        assertThat(r.counts().updated()).isZero();
        assertThat(files.stores.objects.text(IngestService.warningsKey(r.importId())))
                .contains("\"type\",\"Reseller\",\"not applied: the scheme maps no type to this value, and the stored 公司 stays")
                .contains("\"channel\",\"抖音直播\",\"not applied").doesNotContain("taken from other rules");
        // A value the scheme knows still changes it; one it does not fills a customer that had none.
        files.drop("客户编号,客户类型\nC20,个人\n");
        assertThat(files.stores.customers.byKey("sid:C20").dimensions()).containsEntry("type", "personal");
        files.drop("客户编号,客户名称,客户类型\nC21,星河贸易有限公司,VIP大客户\n");
        assertThat(stored("C21", "type")).isEqualTo("VIP大客户");
    }

    @Test
    void aPhoneCellThatIsNoNumberIsWarnedAndLeavesTheStoredNumber() {
        files.drop("客户编号,客户名称,电话\nC30,星河贸易有限公司,13910000030\n");

        ImportReport r = files.drop("客户编号,电话\nC30,ERP002\n");
        ImportReport none = files.drop("客户编号,客户名称,电话\nC31,晨光文具店,无\nC32,晨光二店,95588\nC33,晨光三店,Tel: 8888\n");

        assertStoredStaysAndSaid(r, "C30", "phone", "13910000030", "\"phone\",\"ERP**2\",\"not a phone number", "a stored number stays");
        String warned = files.stores.objects.text(IngestService.warningsKey(none.importId()));
        assertThat(warned).as("no digits: there is none").doesNotContain("无");
        assertThat(warned).as("a service number is a number").doesNotContain("\"3\",\"phone\"");
        assertThat(warned).contains("\"4\",\"phone\",").contains("not a phone number");
        assertThat(stored("C33", "phone")).as("kept where there was none").isEqualTo("Tel: 8888");
    }

    @Test
    void aRunOfDigitsTooLongForAPhoneIsWarnedHoweverLongTheCellWhileACellOfSeveralNumbersIsNot() {
        String pasted = "1".repeat(5_000);
        String several = "0571-88881234 / 13800138000 / 13900139000 / 0571-88881235 / 0571-88881236";
        ImportReport r = files.drop("客户编号,客户名称,电话\nC40,星河贸易有限公司," + pasted + "\nC41,晨光文具店,12345678901234567890123\nC42,晨光二店," + several + "\n");

        String warned = files.stores.objects.text(IngestService.warningsKey(r.importId()));
        assertThat(warned).contains("\"2\",\"phone\",").contains("5000 digits in a row")
                .contains("\"3\",\"phone\",").contains("23 digits in a row")
                .doesNotContain("\"4\",\"phone\"");
        for (String id : java.util.List.of("C40", "C41")) {
            assertThat(files.stores.customers.byKey("sid:" + id).keys()).as("no phone key").noneMatch(k -> k.startsWith("tel:"));
        }

        // A stored number stays, as the warning says, however long the cell.
        files.drop("客户编号,客户名称,电话\nC43,晨光三店,13910000043\n");
        ImportReport later = files.drop("客户编号,电话\nC43," + pasted + "\n");
        assertStoredStaysAndSaid(later, "C43", "phone", "13910000043", "5000 digits in a row", "a stored number stays");
    }

    @Test
    void anOlderExportUploadedAfterANewerOneIsAppliedAndSaysTheLastOrderDateWentBack() {
        files.drop("客户编号,客户名称,累计金额,最近下单日期\nC40,星河贸易有限公司,120000,2026-12-05\n");

        ImportReport older = files.drop("客户编号,客户名称,累计金额,最近下单日期\nC40,星河贸易有限公司,90000,2026/11/30\n");
        ImportReport later = files.drop("客户编号,最近下单日期\nC40,2026-12-06\n");

        assertThat(stored("C40", "lastOrderDate")).isEqualTo("2026-12-06");
        assertThat(older.counts().updated()).isEqualTo(1);
        assertThat(files.stores.objects.text(IngestService.warningsKey(older.importId())))
                .contains("\"lastOrderDate\",\"2026/11/30\",\"applied, though earlier than the stored 2026-12-05: the most recently uploaded file wins");
        assertThat(later.counts().warnings()).isZero();
    }

    @Test
    void aCustomerIdThatMatchesNobodyButDiffersOnlyInCaseFromAStoredOneSaysSo() {
        files.drop("客户编号,客户名称\nERP001,星河贸易有限公司\n");
        String code = files.stores.customers.byKey("sid:ERP001").code();

        ImportReport r = files.drop("客户编号,累计金额\n erp001 ,5000\nERP999,7000\n");

        assertThat(r.counts().rejected()).isEqualTo(2);
        String rejected = files.stores.objects.text(IngestService.rejectedKey(r.importId()));
        assertThat(rejected).contains("\"2\",\"required field name is empty (the row matches no existing customer); " + code
                + " has the customer id ERP001, which differs from this one only in case (ids are compared as written)\"");
        assertThat(rejected).contains("\"3\",\"required field name is empty (the row matches no existing customer)\"");
    }

    @Test
    void aCustomerIdThatASpreadsheetDroppedItsLeadingZerosFromIsTheStoredOnesAndOneHeldTwiceSaysWhere() {
        // QA: Client Number 503 in a partial file, for the stored 000503 (Excel took the id for a number).
        files.drop("客户编号,客户名称\n000503,星河贸易有限公司\n0504,晨光文具店\n00504,晨光文具二店\n");
        String code = files.stores.customers.byKey("sid:000503").code();

        ImportReport r = files.drop("Client Number,Lifetime Value\n503,1700000\n504,5\n");

        assertThat(files.stores.customers.byKey("sid:000503").code()).isEqualTo(code);
        assertThat(stored("000503", "amount")).isEqualTo("1700000");
        String rejected = files.stores.objects.text(IngestService.rejectedKey(r.importId()));
        assertThat(rejected).as("two hold 504 with zeros: no guess, and the row says where one of them is")
                .contains("\"3\",\"required field name is empty (the row matches no existing customer); ")
                .contains(" has the customer id 0", "which is this one with its leading zeros (a spreadsheet drops them");
    }

    @Test
    void anEmailThatIsNoAddressLeavesTheStoredAddress() {
        files.drop("客户编号,客户名称,邮箱\nC8,星河贸易有限公司,user16@example.cn\n");
        ImportReport r = files.drop("客户编号,邮箱\nC8,user16 at example.cn\n");

        assertStoredStaysAndSaid(r, "C8", "email", "user16@example.cn", "not an email address", "a stored address stays");
        ImportReport alone = files.drop("客户名称,邮箱\n无名氏,someone at example.cn\n");
        assertThat(files.stores.objects.text(IngestService.rejectedKey(alone.importId()))).as("a row whose only key is that address says why")
                .contains("no identity").contains("its email is not an address");
        assertKeptWhereNoneWasThenReplaced("C9", "邮箱", "email", "n/a", "shop@chenguang.cn");
    }

    /** With nothing stored, a value that is no key is kept as written (not a key), and one that is a key replaces it later. */
    private void assertKeptWhereNoneWasThenReplaced(String id, String header, String field, String noKey, String key) {
        files.drop("客户编号,客户名称," + header + "\n" + id + ",晨光文具店," + noKey + "\n");
        assertThat(stored(id, field)).isEqualTo(noKey);
        files.drop("客户编号," + header + "\n" + id + "," + key + "\n");
        assertThat(stored(id, field)).isEqualTo(key);
    }

    /** QA: an export's 250,000 saved by Excel in a Russian locale (; and a decimal comma) made the stored 250000 a thousandth of it. */
    @Test
    void anAmountReadableAsAThousandthOfTheStoredOneLeavesIt() {
        files.drop("客户编号,客户名称,累计金额\nC17,星河贸易有限公司,\"250,000\"\n");
        ImportReport r = files.drop("客户编号;累计金额\nC17;250,000\n");

        assertThat(r.counts().updated()).isZero();
        assertThat(stored("C17", "amount")).isEqualTo("250,000");
        // Another amount is applied as its file's decimal mark reads it.
        files.drop("客户编号;累计金额\nC17;300,000\n");
        assertThat(stored("C17", "amount")).isEqualTo("300.000");
    }

    /** QA: the report counted a column kept as data under the key it is stored by (shopid), not its header (Shop Id). */
    @Test
    void fieldChangesNameAnotherColumnByItsHeader() {
        files.drop("客户编号,客户名称,累计金额,Shop Id\nC16,星河贸易有限公司,100,S-1\n");
        ImportReport r = files.drop("客户编号,累计金额,Shop Id\nC16,200,S-2\n");

        assertThat(r.fieldChanges()).containsEntry("amount", 1L).containsEntry("Shop Id", 1L).doesNotContainKey("shopid");
    }

    /** QA: an Excel serial day that is a date two years ahead (46999) was applied without a word. */
    @Test
    void aLastOrderDateAfterTheImportsDateIsAppliedAndWarnedAbout() {
        ImportReport r = files.drop("客户编号,客户名称,最近下单日期,注册日期\nC14,星河贸易有限公司,46999,2030-01-01\nC15,晨光文具店,2026-11-30,\n");

        assertThat(stored("C14", "lastOrderDate")).isEqualTo("2028-09-03");
        String warnings = files.stores.objects.text(IngestService.warningsKey(r.importId()));
        assertThat(warnings).contains("\"lastOrderDate\",\"2028-09-03\",\"applied, though more than a month after the import's date");
        assertThat(warnings).as("a date no recency rule reads, and a past one, say nothing").doesNotContain("2030-01-01").doesNotContain("2026-11-30");
        assertThat(r.counts().warnings()).isEqualTo(1);
    }

    /** QA: a tax id Excel cut to 15 digits, or a typo, replaced the valid stored one though its warning said it was not used. */
    @Test
    void aTaxIdWhoseCheckCharacterIsWrongLeavesTheStoredValidOne() {
        files.drop("客户编号,客户名称,统一社会信用代码\nC11,星河贸易有限公司,91350100M000100Y43\n");
        ImportReport r = files.drop("客户编号,统一社会信用代码\nC11,913501000000100000\n");

        assertStoredStaysAndSaid(r, "C11", "taxId", "91350100M000100Y43", "not a valid unified social credit code",
                "it may be a number Excel kept 15 digits of", "a stored valid code stays");
        assertKeptWhereNoneWasThenReplaced("C12", "统一社会信用代码", "taxId", "91440300708461136X", "91440300708461136T");
    }

    @Test
    void aPhoneOrEmailWrittenAnotherWayIsNoChangeAndKeepsTheStoredSpelling() {
        files.drop("客户编号,客户名称,手机,邮箱\nC10,星河贸易有限公司,13910000001,user06@example.cn\n");
        ImportReport r = files.drop("客户编号,手机,邮箱\nC10,+86 139 1000 0001,USER06@Example.CN \n");

        assertThat(r.counts().updated()).isZero();
        assertThat(r.counts().unchanged()).isEqualTo(1);
        assertThat(files.stores.customers.byKey("sid:C10").attributes()).containsEntry("phone", "13910000001").containsEntry("email", "user06@example.cn");
        // An extension is more than the stored number says: applied.
        ImportReport ext = files.drop("客户编号,手机\nC10,13910000001 转 801\n");
        assertThat(ext.counts().updated()).isEqualTo(1);
        assertThat(stored("C10", "phone")).isEqualTo("13910000001 转 801");
    }

    @Test
    void aValueNotUnderstoodIsKeptAsWrittenWhenNothingIsStoredAndAnUnderstoodOneReplacesIt() {
        files.drop("客户编号,客户名称,累计金额\nC3,晨光文具店,about 5k\n");
        assertThat(stored("C3", "amount")).as("nothing lost").isEqualTo("about 5k");

        files.drop("客户编号,累计金额\nC3,5000\n");
        assertThat(stored("C3", "amount")).isEqualTo("5000");
    }

    @Test
    void aColumnIsNotedForTheExportsOnlyOnceAnAcceptedRowGivesItAValue() {
        files.drop("客户编号,客户名称,甲0,甲1\nCA1,甲公司,val0,\n");
        // Every row rejected (no identity): its 乙 columns are nobody's.
        files.drop("客户名称,乙0,乙1\n,x,y\n");

        assertThat(files.stores.customers.columns()).containsKey("甲0").doesNotContainKey("甲1").doesNotContainKey("乙0").doesNotContainKey("乙1");
    }

    @Test
    void anUnknownCityIsWarnedAboutOnlyWhenNothingElseOfTheCustomerDecidesItsRegion() {
        files.drop("客户编号,客户名称,省份,城市\nC4,星河贸易有限公司,广东,深圳\n");
        ImportReport update = files.drop("客户编号,城市,累计金额\nC4,某某新区,TBD\n");
        String warned = files.stores.objects.text(IngestService.warningsKey(update.importId()));
        assertThat(warned).as("its stored province decides its region").doesNotContain("region set to");
        assertThat(warned).as("a value not read as its type is told still").contains("not an amount" + Classifier.NOT_UNDERSTOOD);
        assertThat(update.counts().warnings()).isEqualTo(1);

        ImportReport created = files.drop("客户编号,客户名称,城市\nC5,晨光文具店,某某新区\n");
        assertThat(files.stores.objects.text(IngestService.warningsKey(created.importId()))).contains("某某新区").contains("region set to unknown");
    }

    @Test
    void aValueTheSchemeDoesNotKnowIsWarnedAboutWhenItComesNotEachTimeAFileRestatesIt() {
        String first = "客户编号,客户名称,城市\nC6,晨光文具店,某某新区\nC7,星河贸易有限公司,某某新区\n";
        ImportReport created = files.drop(first);
        assertThat(files.stores.objects.text(IngestService.warningsKey(created.importId()))).contains("某某新区").contains("region set to unknown");
        assertThat(created.counts().warnings()).isEqualTo(2);

        // The same export dropped back with one customer's city edited to another place the scheme does not know.
        ImportReport again = files.drop("客户编号,客户名称,城市\nC6,晨光文具店,某某新区\nC7,星河贸易有限公司,另一新区\n");

        assertThat(again.counts().warnings()).as("only the value that is new to its customer").isEqualTo(1);
        String warned = files.stores.objects.text(IngestService.warningsKey(again.importId()));
        assertThat(warned).contains("\"3\",\"city\",\"另一新区\",\"region set to unknown\"").doesNotContain("某某新区");
    }

    @Test
    void anExportSavedInACodePageThatLostCharactersLeavesTheStoredValuesAndSaysSo() {
        files.drop("客户编号,客户名称,客户类型,累计金额\nH1,彩雲邨士多,企業,1000\nH2,𨋢 Lift Parts,公司,2000\n");
        Customer before = files.stores.customers.byKey("sid:H1");
        assertThat(before.dimensions()).containsEntry("type", "enterprise");

        // As Excel on a Traditional-Chinese Windows saves it: code page 950 has no 邨, 𨋢, 业 or 户.
        byte[] cp950 = "Customer Id,Name,Type,Amount\r\nH1,彩雲邨士多,企业客户 Enterprise,1500\r\nH2,𨋢 Lift Parts,企业客户 Enterprise,2000\r\n"
                .getBytes(java.nio.charset.Charset.forName("x-windows-950"));
        assertThat(new String(cp950, java.nio.charset.Charset.forName("x-windows-950"))).contains("彩雲?士多", "? Lift Parts", "企?客? Enterprise");
        ImportReport r = files.drop(cp950);

        assertThat(stored("H1", "name")).isEqualTo("彩雲邨士多");
        assertThat(stored("H1", "amount")).as("what the file does change is applied").isEqualTo("1500");
        assertThat(stored("H1", "type")).as("the type's label, restated").isEqualTo("企業");
        assertThat(stored("H2", "name")).isEqualTo("𨋢 Lift Parts");
        assertThat(stored("H2", "type")).isEqualTo("公司");
        assertThat(r.counts().updated()).isEqualTo(1);
        assertThat(files.stores.objects.text(IngestService.warningsKey(r.importId())))
                .contains("\"name\",\"彩雲?士多\",\"" + BatchApplier.LOST_IN_ENCODING).contains("\"? Lift Parts\"")
                .contains("\"type\",\"企?客? Enterprise\",\"" + BatchApplier.LOST_IN_ENCODING).doesNotContain("maps no type");
    }
}
