package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import org.junit.jupiter.api.Test;

/**
 * A shop export after an ERP export, both naming one company with its phone written two ways: as the
 * README tells, an id column of the shop's own under a header of its own lets the rows meet.
 */
class TwoSystemsTest {
    private static final String ERP = "客户编号,客户名称,省份,城市,电话\nE001,杭州青木贸易有限公司,浙江,杭州,0571-8888 1234\n";
    private final FileDrops files = new FileDrops();

    @Test
    void theShopsOwnIdAsTheCustomerIdIsAConflictWithItsReason() {
        files.drop(ERP);

        ImportReport shop = files.drop("Cust No\tCompany Name\tTel\tCity\nS-9001\tHangzhou Qingmu Trading\t+86 571 88881234\tHangzhou\n");

        assertThat(shop.counts().conflicts()).isEqualTo(1);
        assertThat(files.stores.objects.text(IngestService.conflictsKey(shop.importId()))).contains("S-9001").contains("E001");
        assertThat(files.stores.customers.byKey("sid:E001").attributes()).containsEntry("name", "杭州青木贸易有限公司");
    }

    @Test
    void aReSaveThatDroppedTheLandlinesLeadingZeroUpdatesTheSameCustomer() {
        // QA: 单位名称,城市,联系电话 with 057487650000, then the same row re-saved by Excel as 57487650000: a second customer.
        files.drop("单位名称,城市,联系电话\n宁海电器厂,宁波,057487650000\n");

        ImportReport again = files.drop("单位名称,城市,联系电话,累计金额\n宁海电器厂,宁波,57487650000,8000\n");

        assertThat(again.counts().created()).as(again.message()).isZero();
        assertThat(again.counts().updated()).isEqualTo(1);
        assertThat(files.stores.customers.all()).hasSize(1);
        assertThat(files.stores.customers.byKey("tel:8657487650000").attributes()).containsEntry("amount", "8000");
    }

    @Test
    void aJapaneseListsNationalNumberAndAnotherSystemsInternationalOneAreOneCustomer() {
        // QA: 03-1234-5678 in a list whose country column says Japan, +81 3 1234 5678 in a CRM's export: two customers.
        files.drop("Company,Country,Phone\nSakura Trading KK,Japan,03-1234-5678\n");

        ImportReport crm = files.drop("Account Name,Phone,Total Sales\nSakura Trading,+81 (0)3 1234 5678,5000000\n");

        assertThat(crm.counts().created()).as(crm.message()).isZero();
        assertThat(crm.counts().updated()).isEqualTo(1);
        assertThat(files.stores.customers.all()).hasSize(1);
        assertThat(files.stores.customers.byKey("tel:81312345678").attributes()).containsEntry("amount", "5000000")
                .containsEntry("country", "Japan");
    }

    @Test
    void aKoreanListFromExcelAndACrmsInternationalNumberAreOneKoreanCustomer() {
        // Excel on a Korean Windows saves CP949, whose Hangul GB18030 also reads (as Chinese nobody wrote); the list has
        // an address and no country, and its 010- is a Korean mobile, not Beijing's area code.
        String list = "고객번호,고객명,전화번호,주소,매출액\r\n"
                + "K001,(주)한빛소프트,010-1234-5678,서울특별시 강남구 테헤란로 123,\"\\1,250,000\"\r\n"
                + "K002,김민준,010-9876-5432,부산광역시 해운대구 센텀중앙로 55,\"\\45,000\"\r\n";
        ImportReport first = files.drop(list.getBytes(java.nio.charset.Charset.forName("x-windows-949")));
        assertThat(first.counts().created()).as(first.message()).isEqualTo(2);
        assertThat(files.stores.customers.byKey("sid:K001").dimensions()).containsEntry("region", "asia").containsEntry("type", "enterprise");

        ImportReport crm = files.drop("Account Name,Phone,Total Sales\nHanbit Soft Co. Ltd.,+82 10-1234-5678,2000000\n");

        assertThat(crm.counts().created()).as(crm.message()).isZero();
        assertThat(crm.counts().updated()).isEqualTo(1);
        Customer hanbit = files.stores.customers.byKey("tel:821012345678");
        assertThat(hanbit.attributes()).containsEntry("name", "Hanbit Soft Co. Ltd.").containsEntry("address", "서울특별시 강남구 테헤란로 123")
                .containsEntry("amount", "2000000");
        assertThat(hanbit.dimensions()).containsEntry("region", "asia").containsEntry("type", "enterprise");
        Customer person = files.stores.customers.byKey("sid:K002");
        assertThat(person.attributes()).containsEntry("name", "김민준").containsEntry("amount", "₩45,000");
        assertThat(person.dimensions()).containsEntry("region", "asia").containsEntry("type", "personal").containsEntry("tier", "b");
    }

    @Test
    void aKoreanListOfNamesAndMobilesOnlyMeetsTheCrmsInternationalNumbers() {
        // QA: 이름,연락처 and nothing else: 010-3121-5678 was keyed as a Beijing landline, and the CRM's +82 row made a second code.
        files.drop("이름,연락처\r\n이준,010-3121-5678\r\n".getBytes(java.nio.charset.Charset.forName("x-windows-949")));

        ImportReport crm = files.drop("Account Name,Mobile,Country,Total Sales\n이준,+82 10-3121-5678,South Korea,500000\n");

        assertThat(crm.counts().created()).as(crm.message()).isZero();
        assertThat(files.stores.customers.all()).hasSize(1);
        assertThat(files.stores.customers.byKey("tel:821031215678").attributes()).containsEntry("amount", "500000");
    }

    @Test
    void anotherCountrysNumberRestatedInternationallyWithoutTheCountryIsNoChange() {
        // QA: 02-312-3456 stored for a customer in 대한민국; +82 2 312 3456 in a file without a country column replaced it
        // (updated, the history showing the phone changed); the same the other way round was unchanged.
        files.drop("Company,Phone,City,Country\nSeoul Trading,02-312-3456,Seoul,대한민국\n");

        ImportReport again = files.drop("Company,Phone\nSeoul Trading,+82 2 312 3456\n");

        assertThat(again.counts().unchanged()).as(again.message()).isEqualTo(1);
        assertThat(files.stores.customers.byKey("tel:8223123456").attributes()).containsEntry("phone", "02-312-3456");
    }

    @Test
    void anotherCountrysLineUnderAnUnrelatedNameIsAConflictAndItsMobileIsItsPersons() {
        // QA: Britannia Gears Ltd became John Smith, Acme Tools Corp Mary Jones: only Chinese landlines were lines people share.
        files.drop("Name,Phone,City,Country\nBritannia Gears Ltd,020 7946 0777,London,United Kingdom\n"
                + "Acme Tools Corp,(415) 555-0777,San Francisco,United States\nTanaka Taro,090-1234-5678,Tokyo,Japan\n");
        Customer britannia = files.stores.customers.byKey("tel:442079460777");

        ImportReport staff = files.drop("Name,Phone,City,Country\nJohn Smith,020 7946 0777,London,United Kingdom\n"
                + "Mary Jones,(415) 555-0777,San Francisco,United States\n田中太郎,+81 90 1234 5678,東京,日本\n");

        assertThat(staff.counts().conflicts()).as(staff.message()).isEqualTo(2);
        assertThat(files.stores.objects.text(IngestService.conflictsKey(staff.importId()))).contains("a shared line").contains(britannia.code());
        assertThat(files.stores.customers.byKey("tel:442079460777")).isEqualTo(britannia);
        assertThat(files.stores.customers.byKey("tel:14155550777").attributes()).containsEntry("name", "Acme Tools Corp");
        // A mobile is one person's: the row updates its customer, whatever name it gives.
        assertThat(staff.counts().updated()).isEqualTo(1);
        assertThat(files.stores.customers.byKey("tel:819012345678").attributes()).containsEntry("name", "田中太郎");
    }

    @Test
    void theErpsTypeIsStoredWhereTheShopsRowLeftItToTheNameAndARenameDoesNotChangeIt() {
        // QA: the shop's row (no type column) typed 远东贸易有限公司 an enterprise by its name; the ERP's 企业 was
        // dropped as restating that, so renamed 远东 the customer became a person under its enterprise code.
        files.drop("姓名,手机,省份\n远东贸易有限公司,13655550001,浙江\n");

        ImportReport erp = files.drop("Customer Id,Name,Phone,Customer Type\nT001,远东贸易有限公司,13655550001,企业\n");
        ImportReport renamed = files.drop("Customer Id,Name\nT001,远东\n");

        assertThat(erp.counts().updated()).as(erp.message()).isEqualTo(1);
        Customer c = files.stores.customers.byKey("sid:T001");
        assertThat(c.attributes()).containsEntry("type", "企业").containsEntry("name", "远东");
        assertThat(c.dimensions()).as(renamed.message()).containsEntry("type", "enterprise");
    }

    @Test
    void theShopsIdUnderAHeaderOfItsOwnIsKeptAndTheRowUpdatesTheErpsCustomer() {
        files.drop(ERP);

        ImportReport shop = files.drop("Shop Id\tCompany Name\tTel\tTotal Sales\nS-9001\tHangzhou Qingmu Trading\t+86 571 88881234\t200000\n");

        assertThat(shop.counts().updated()).as(shop.message()).isEqualTo(1);
        assertThat(shop.counts().created()).isZero();
        Customer c = files.stores.customers.byKey("tel:8657188881234");
        assertThat(c.attributes()).containsEntry("sourceId", "E001").containsValue("S-9001");
        assertThat(files.stores.customers.byKey("sid:E001").code()).isEqualTo(c.code());
    }

    @Test
    void peopleWhoGiveTheirCompanysSwitchboardAreCustomersOfTheirOwnAndTheCompanyStaysAsItWas() {
        files.drop(ERP);
        Customer company = files.stores.customers.byKey("sid:E001");

        ImportReport staff = files.drop("会员编号,姓名,电话,邮箱\nS-200,王五,0571-88881234,wangwu@qq.com\nS-201,赵六,(0571) 8888-1234,zhaoliu@qq.com\n"
                + ",钱七,0571-88881234,\n");

        assertThat(staff.counts().created()).as(staff.message()).isEqualTo(2);
        assertThat(staff.counts().updated()).isZero();
        assertThat(staff.counts().conflicts()).isEqualTo(1);
        assertThat(files.stores.customers.byKey("sid:E001")).as("the company is not renamed after its staff").isEqualTo(company);
        Customer wang = files.stores.customers.byKey("email:wangwu@qq.com");
        assertThat(wang.code()).isNotEqualTo(company.code());
        assertThat(wang.attributes()).containsEntry("name", "王五").containsEntry("phone", "0571-88881234");
        assertThat(wang.keys()).doesNotContain("tel:8657188881234");
        assertThat(files.stores.customers.byKey("tel:8657188881234").code()).isEqualTo(company.code());
        assertThat(files.stores.objects.text(IngestService.warningsKey(staff.importId())))
                .contains("not used to match: also the phone of " + company.code() + " under another name (a shared line?)");
        assertThat(files.stores.objects.text(IngestService.conflictsKey(staff.importId())))
                .contains("\"4\",\"its only key, its phone, is the phone of " + company.code() + " under another name");

        // Again: each updates its own customer, none the company.
        ImportReport again = files.drop("会员编号,姓名,电话,邮箱\nS-200,王五,0571-88881234,wangwu@qq.com\n");
        assertThat(again.counts().unchanged()).as(again.message()).isEqualTo(1);
        assertThat(files.stores.customers.byKey("sid:E001")).isEqualTo(company);
    }

    @Test
    void aMobileOrANameInCommonStillFindsTheCustomer() {
        files.drop(ERP + "E002,张伟,浙江,杭州,13800138000\n");

        ImportReport r = files.drop("姓名,电话\n张伟（个人）,13800138000\n青木贸易,0571-88881234\n");

        assertThat(r.counts().updated()).as(r.message()).isEqualTo(2);
        assertThat(r.counts().created()).isZero();
    }
}
