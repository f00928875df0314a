package dev.custcode.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.scheme.SchemeLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeaderMappingTest {
    /** The header of the project's own {@code _export.csv} under the default scheme. */
    private static final List<String> EXPORT = List.of("code", "name", "company", "region", "type", "channel", "tier",
            "lifecycle", "importance", "folder", "sourceId", "taxId", "phone", "email", "country", "province", "city", "amount",
            "orders", "profit", "lastOrderDate", "firstDate", "industry", "website", "createdAt", "updatedAt");

    private final HeaderMapping export = HeaderMapping.of(EXPORT, SchemeLoader.defaultScheme());

    @Test
    void anExportReadsBackIntoFieldsAndLeavesDerivedColumnsOut() {
        assertThat(export.recognized()).containsOnlyKeys("code", "name", "company", "type", "channel", "sourceId", "taxId",
                "phone", "email", "country", "province", "city", "amount", "orders", "profit", "lastOrderDate",
                "firstDate", "industry", "website");
        assertThat(export.derived()).containsExactly(Map.entry("region", "region"), Map.entry("tier", "tier"),
                Map.entry("lifecycle", "lifecycle"), Map.entry("importance", "importance"), Map.entry("folder", "folder"), Map.entry("createdAt", "createdAt"),
                Map.entry("updatedAt", "updatedAt"));
        assertThat(export.unrecognized()).isEmpty();

        List<String> row = List.of("NEO000001", "北京星河科技有限公司", "", "华北 North China", "企业客户 Enterprise", "线上 Online",
                "A 类 Key account", "新客户 New", "重要 High", "north/enterprise/tier-a", "C-001", "", "'+86 138 0013 8000", "a@b.cn",
                "", "北京", "北京", "1280000", "1", "", "2026-11-01", "", "", "", "2026-11-23T10:00:00Z", "2026-11-23T10:00:00Z");
        Map<String, String> values = export.values(row);
        assertThat(values).containsEntry("code", "NEO000001").containsEntry("type", "企业客户 Enterprise")
                .containsEntry("phone", "+86 138 0013 8000").containsEntry("sourceId", "C-001")
                .doesNotContainKeys("region", "tier", "lifecycle", "folder", "createdat", "updatedat");
    }

    @Test
    void anExcelSerialDayInADateColumnIsStoredAsItsDateAndOnlyThere() {
        HeaderMapping m = HeaderMapping.of(List.of("客户名称", "最近下单日期", "订单数", "备注"), SchemeLoader.defaultScheme());
        assertThat(m.values(List.of("x", "45356", "45356", "45356"))).containsEntry("lastOrderDate", "2024-03-05")
                .containsEntry("orders", "45356").containsEntry("备注", "45356");
        assertThat(m.values(List.of("x", "45356.75", "", ""))).containsEntry("lastOrderDate", "2024-03-05");
        assertThat(m.values(List.of("x", "2024/3/5", "", ""))).as("a date written as a date stays as written").containsEntry("lastOrderDate", "2024/3/5");
        assertThat(m.values(List.of("x", "1234", "", ""))).as("not a serial day: a value not understood stays as written").containsEntry("lastOrderDate", "1234");
    }

    @Test
    void salesforceAccountExportColumnsAreKnown() {
        HeaderMapping m = HeaderMapping.of(List.of("Account Name", "Billing Street", "Billing City", "Billing State/Province",
                "Billing Zip/Postal Code", "Billing Country", "Phone", "Shipping City"), SchemeLoader.defaultScheme());
        assertThat(m.recognized()).containsEntry("address", "Billing Street").containsEntry("city", "Billing City")
                .containsEntry("province", "Billing State/Province").containsEntry("country", "Billing Country");
    }

    @Test
    void dimensionLabelsAreDerivedToo() {
        HeaderMapping m = HeaderMapping.of(List.of("客户名称", "区域 Region", "价值等级 Value tier", "Folder", "客户类型"),
                SchemeLoader.defaultScheme());
        assertThat(m.derived()).containsExactly(Map.entry("区域 Region", "region"), Map.entry("价值等级 Value tier", "tier"),
                Map.entry("Folder", "folder"));
        assertThat(m.recognized()).containsOnlyKeys("name", "type");
        assertThat(m.values(List.of("x", "华北 North China", "A 类 Key account", "north", "个人"))).containsOnlyKeys("name", "type");
    }

    @Test
    void customerCodeHeadersMeanTheCodeNotTheSourceId() {
        HeaderMapping m = HeaderMapping.of(List.of("客户编码", "客户编号", "客户名称"), SchemeLoader.defaultScheme());
        assertThat(m.recognized()).containsEntry("code", "客户编码").containsEntry("sourceId", "客户编号");
        assertThat(HeaderMapping.of(List.of("Custcode Code", "Customer ID"), SchemeLoader.defaultScheme()).recognized())
                .containsOnlyKeys("code", "sourceId");
    }

    @Test
    void taiwanAndHongKongHeadersAndMobileNoAreKnownColumns() {
        HeaderMapping tw = HeaderMapping.of(List.of("客戶名稱", "行動電話", "縣市", "通路", "統一編號"), SchemeLoader.defaultScheme());
        assertThat(tw.recognized()).containsEntry("phone", "行動電話").containsEntry("city", "縣市").containsEntry("channel", "通路")
                .containsEntry("taxId", "統一編號");
        assertThat(tw.unrecognized()).isEmpty();
        assertThat(HeaderMapping.of(List.of("Name", "Mobile No."), SchemeLoader.defaultScheme()).recognized()).containsEntry("phone", "Mobile No.");
    }

    @Test
    void moreCommonHeadersOfCrmAndShopExportsAreKnownColumns() {
        HeaderMapping zh = HeaderMapping.of(List.of("客户名称", "邮箱地址", "渠道类型", "年销售额"), SchemeLoader.defaultScheme());
        assertThat(zh.recognized()).containsEntry("email", "邮箱地址").containsEntry("channel", "渠道类型").containsEntry("amount", "年销售额");
        assertThat(zh.unrecognized()).isEmpty();
        HeaderMapping en = HeaderMapping.of(List.of("Cust No", "Customer Name", "Created On", "Channel Type"), SchemeLoader.defaultScheme());
        assertThat(en.recognized()).containsEntry("sourceId", "Cust No").containsEntry("firstDate", "Created On").containsEntry("channel", "Channel Type");
        assertThat(en.unrecognized()).isEmpty();
    }

    @Test
    void aSecondPhoneColumnIsTheSecondPhoneWhenNoColumnIsNamedSo() {
        // A CRM export with a mobile and a landline: both phones, so that either matches another system's row.
        HeaderMapping en = HeaderMapping.of(List.of("Account Name", "Mobile", "Tel", "E-mail Address"), SchemeLoader.defaultScheme());
        assertThat(en.recognized()).containsEntry("phone", "Mobile").containsEntry("phone2", "Tel");
        assertThat(en.unrecognized()).isEmpty();
        HeaderMapping zh = HeaderMapping.of(List.of("客户名称", "电话", "手机"), SchemeLoader.defaultScheme());
        assertThat(zh.recognized()).containsEntry("phone", "电话").containsEntry("phone2", "手机");
        // A column named as the second phone keeps that place, wherever it stands: a third phone stays another column.
        HeaderMapping three = HeaderMapping.of(List.of("Name", "Mobile", "Tel", "Phone 2"), SchemeLoader.defaultScheme());
        assertThat(three.recognized()).containsEntry("phone", "Mobile").containsEntry("phone2", "Phone 2");
        assertThat(three.unrecognized()).containsExactly("Tel");
        // Fields without a numbered twin keep the first column, the second as another column.
        HeaderMapping twoEmails = HeaderMapping.of(List.of("Name", "Email", "E-mail Address"), SchemeLoader.defaultScheme());
        assertThat(twoEmails.recognized()).containsEntry("email", "Email");
        assertThat(twoEmails.unrecognized()).containsExactly("E-mail Address");
    }

    @Test
    void orderCountsAsShopsAndSpreadsheetsHeadThem() {
        for (String h : List.of("No. of Orders", "# of Orders", "Orders Count", "订单总数", "下单数")) {
            assertThat(HeaderMapping.of(List.of("Name", h), SchemeLoader.defaultScheme()).recognized()).as(h).containsEntry("orders", h);
        }
    }

    @Test
    void aLeadingApostropheMarkingTextIsDroppedFromIdsContactsAndNumbersNotFromOtherColumns() {
        HeaderMapping m = HeaderMapping.of(List.of("客户编号", "客户名称", "手机", "税号", "累计金额", "备注"), SchemeLoader.defaultScheme());
        assertThat(m.values(List.of("'000123", "'t Hooft BV", "'13910000020", "'91330100MA27XXXX1L", "'7777", "'keep")))
                .containsEntry("sourceId", "000123").containsEntry("phone", "13910000020").containsEntry("taxId", "91330100MA27XXXX1L")
                .containsEntry("amount", "7777").containsEntry("备注", "'keep");
        // An export's guard of a guarded-looking cell ('' before =) still gives back one apostrophe.
        assertThat(m.values(List.of("''=1", "x", "", "", "", "")).get("sourceId")).isEqualTo("'=1");
    }

    @Test
    void aTotalSpendHeaderIsTheAmount() {
        HeaderMapping m = HeaderMapping.of(List.of("客户名称", "累计消费金额", "订单数"), SchemeLoader.defaultScheme());
        assertThat(m.recognized()).containsEntry("amount", "累计消费金额").containsEntry("orders", "订单数");
        assertThat(m.unrecognized()).isEmpty();
    }

    @Test
    void addressHeadersMapToAddress() {
        for (String h : List.of("地址", "详细地址", "联系地址", "所在地区", "所在地", "地区", "区域地址", "Address", "Street Address", "Location", "Area")) {
            assertThat(HeaderMapping.of(List.of(h), SchemeLoader.defaultScheme()).recognized()).as(h).containsOnlyKeys("address");
        }
    }

    @Test
    void theExportFormulaGuardIsRemoved() {
        assertThat(HeaderMapping.unguard("'=HYPERLINK(\"x\")")).isEqualTo("=HYPERLINK(\"x\")");
        assertThat(HeaderMapping.unguard("'+86 138")).isEqualTo("+86 138");
        assertThat(HeaderMapping.unguard("'-5")).isEqualTo("-5");
        assertThat(HeaderMapping.unguard("'@home")).isEqualTo("@home");
        assertThat(HeaderMapping.unguard("'\tx")).isEqualTo("\tx");
        assertThat(HeaderMapping.unguard("'\rx")).isEqualTo("\rx");
        assertThat(HeaderMapping.unguard("'quoted'")).isEqualTo("'quoted'");
        assertThat(HeaderMapping.unguard("'")).isEqualTo("'");
        assertThat(HeaderMapping.unguard("")).isEmpty();
        HeaderMapping m = HeaderMapping.of(List.of("name", "phone"), SchemeLoader.defaultScheme());
        assertThat(m.values(List.of("'=cmd", "'+86 138"))).containsEntry("name", "=cmd").containsEntry("phone", "+86 138");
    }

    @Test
    void anExportsGuardedHeadersReadBackAsTheColumnsTheyNamed() {
        HeaderMapping exported = HeaderMapping.of(List.of("code", "客户名称", "'=cmd()", "'@SUM(1)"), SchemeLoader.defaultScheme());
        assertThat(exported.otherColumns().values()).containsExactly("=cmd()", "@SUM(1)");
        HeaderMapping own = HeaderMapping.of(List.of("客户名称", "'=cmd()"), SchemeLoader.defaultScheme());
        assertThat(own.otherColumns().values()).as("a file of the user's own keeps its header as written").containsExactly("'=cmd()");
    }

    @Test
    void everyGuardedCellReadsBackAsItself() {
        // Invisible format characters before a formula sign stay behind the guard; a cell that already reads as guarded gets another.
        for (String cell : List.of("=1+1", "\u200E=隐藏公式", "\u00AD@SUM(A1)", "\u200B\uFEFF+86 1", "'=1", "''-5", "'\u200E+x", "'quoted'",
                "'", "\u200Esafe", "\u200E", "-", "safe", "a=b")) {
            assertThat(FormulaGuard.unguard(FormulaGuard.guard(cell))).as(cell).isEqualTo(cell);
            assertThat(FormulaGuard.guard(cell)).as("%s shows as text", cell).satisfiesAnyOf(g -> assertThat(g).startsWith("'"),
                    g -> assertThat(g).isEqualTo(cell).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@"));
        }
        assertThat(FormulaGuard.guard("\u200E=隐藏公式")).isEqualTo("'\u200E=隐藏公式");
        assertThat(FormulaGuard.guard("'=1")).isEqualTo("''=1");
    }

    @Test
    void aSecondColumnOfAFieldNamedAsTheFieldIsKeptUnderItsHeaderAsWritten() {
        HeaderMapping m = HeaderMapping.of(List.of("客户编号", "客户名称", "邮箱", "Email", "订单数", "订单数"),
                SchemeLoader.defaultScheme());
        assertThat(m.recognized()).containsOnlyKeys("sourceId", "name", "email", "orders");
        assertThat(m.unrecognized()).containsExactly("Email", "订单数");
        assertThat(m.values(List.of("DC1", "重复列", "a@qingmu.cn", "b@qingmu.cn", "5", "7")))
                .containsEntry("email", "a@qingmu.cn").containsEntry("Email", "b@qingmu.cn")
                .containsEntry("orders", "5").containsEntry("订单数", "7").hasSize(6);
    }

    @Test
    void anEmptyFirstColumnLeavesTheFieldEmptyAndTheSecondColumnAnOtherColumn() {
        HeaderMapping m = HeaderMapping.of(List.of("客户名称", "邮箱", "Email"), SchemeLoader.defaultScheme());
        assertThat(m.values(List.of("x", "", "b@qingmu.cn"))).containsOnlyKeys("name", "Email")
                .containsEntry("Email", "b@qingmu.cn");
    }

    @Test
    void columnsOfOneHeaderAreSuffixedInColumnOrderAndNoneIsDropped() {
        HeaderMapping m = HeaderMapping.of(List.of("name", "phone", "phone", "订单数", "订单数", "订单数", "Note", "note"),
                SchemeLoader.defaultScheme());
        assertThat(m.field(2)).isEqualTo("phone (2)");
        assertThat(m.field(4)).isEqualTo("订单数");
        assertThat(m.field(5)).isEqualTo("订单数 (2)");
        assertThat(m.field(6)).isEqualTo("note");
        assertThat(m.field(7)).isEqualTo("note (2)");
        assertThat(m.unrecognized()).containsExactly("phone", "订单数", "订单数", "Note", "note");
        assertThat(m.values(List.of("x", "1", "2", "3", "4", "5", "a", "b"))).hasSize(8).containsEntry("phone", "1")
                .containsEntry("phone (2)", "2").containsEntry("orders", "3").containsEntry("订单数 (2)", "5")
                .containsEntry("note (2)", "b");
    }

    @Test
    void aFieldsSecondColumnIsAsPersonalAsTheField() {
        var scheme = SchemeLoader.defaultScheme();
        HeaderMapping m = HeaderMapping.of(List.of("name", "phone", "phone", "电话", "Email", "EMAIL"), scheme);
        for (int i = 2; i < 6; i++) {
            assertThat(scheme.isPersonal(m.field(i))).as(m.field(i)).isTrue();
        }
        assertThat(scheme.isPersonal("phone (2)")).isTrue();
        assertThat(scheme.isPersonal("Email (3)")).isTrue();
        assertThat(scheme.isPersonal("订单数 (2)")).isFalse();
    }

    @Test
    void excelsTextIdiomIsReadAsItsText() {
        assertThat(HeaderMapping.unwrapText("=\"0571-88881234\"")).isEqualTo("0571-88881234");
        assertThat(HeaderMapping.unwrapText("=\"say \"\"hi\"\"\"")).isEqualTo("say \"hi\"");
        assertThat(HeaderMapping.unwrapText("=\"\"")).isEmpty();
        for (String formula : List.of("=\"a\"&\"b\"", "=\"a\"\"", "=A1", "=1+1", "=\"", "= \"x\"", "x=\"1\"", "=HYPERLINK(\"x\")")) {
            assertThat(HeaderMapping.unwrapText(formula)).as(formula).isEqualTo(formula);
        }
    }

    @Test
    void aCellInExcelsTextIdiomIsStoredAsItsTextAndARealFormulaStaysText() {
        HeaderMapping m = HeaderMapping.of(List.of("name", "phone", "sourceId", "note"), SchemeLoader.defaultScheme());
        assertThat(m.values(List.of("x", "  =\"0571-88881234\" ", "'=\"007\"", "=SUM(A1:A2)")))
                .containsEntry("phone", "0571-88881234").containsEntry("sourceId", "007").containsEntry("note", "=SUM(A1:A2)");
    }

    @Test
    void markedAndQualifiedHeadersMeanTheirField() {
        HeaderMapping m = HeaderMapping.of(List.of("*客户名称", "联系电话：", "累计金额(元)", "订单数（次）", "【邮箱】", "Revenue [USD]", "备注(内部)"),
                SchemeLoader.defaultScheme());
        assertThat(m.recognized()).containsEntry("name", "*客户名称").containsEntry("phone", "联系电话:")
                .containsEntry("amount", "累计金额(元)").containsEntry("orders", "订单数(次)").doesNotContainKey("email");
        // The first amount column is the amount; a second one is kept under its header, nothing dropped.
        assertThat(m.unrecognized()).containsExactly("【邮箱】", "Revenue [USD]", "备注(内部)");
        assertThat(m.values(List.of("青木", "0571-1", "1,200", "3", "a@b.cn", "9", "x"))).containsEntry("amount", "1,200")
                .containsEntry("orders", "3").containsEntry("name", "青木");
    }

    @Test
    void aBracketOfDigitsIsACopyOfAColumnNotAQualifier() {
        HeaderMapping m = HeaderMapping.of(List.of("客户名称", "phone (2)"), SchemeLoader.defaultScheme());
        assertThat(m.recognized()).containsOnlyKeys("name");
    }

    @Test
    void anAmountColumnInTenThousandsIsReadInUnits() {
        HeaderMapping m = HeaderMapping.of(List.of("客户名称", "销售额（万元）", "毛利 (USD thousands)", "订单数(千)"), SchemeLoader.defaultScheme());
        assertThat(m.recognized()).containsEntry("amount", "销售额(万元)").containsEntry("profit", "毛利 (USD thousands)")
                .containsEntry("orders", "订单数(千)");
        assertThat(m.values(List.of("青木", "12.5", "(1.5)", "7"))).containsEntry("amount", "125000").containsEntry("profit", "-1500")
                // A count's bracket scales nothing; a cell stating its own magnitude, or no amount, stays as written.
                .containsEntry("orders", "7");
        assertThat(m.values(List.of("青木", "3万", "n/a", "7"))).containsEntry("amount", "3万").containsEntry("profit", "n/a");
        assertThat(m.values(List.of("青木", "", "", ""))).containsOnlyKeys("name");
    }

    @Test
    void theHeadersOfOtherCrmAndShopExportsAreKnown() {
        Map<String, String> expected = Map.ofEntries(Map.entry("会员编号", "sourceId"), Map.entry("Client ID", "sourceId"),
                Map.entry("客户全称", "name"), Map.entry("Client Name", "name"), Map.entry("客户类别", "type"),
                Map.entry("客户来源", "channel"), Map.entry("Lead Source", "channel"), Map.entry("成交金额", "amount"),
                Map.entry("Total Sales", "amount"), Map.entry("交易次数", "orders"), Map.entry("Total Orders", "orders"),
                Map.entry("最近成交日期", "lastOrderDate"), Map.entry("Customer Since", "firstDate"), Map.entry("联系方式", "phone"),
                Map.entry("Phone Number", "phone"), Map.entry("Mobile Phone", "phone"), Map.entry("座机", "phone2"),
                Map.entry("邮件地址", "email"), Map.entry("社会信用代码", "taxId"), Map.entry("Province/State", "province"),
                // Salesforce's and HubSpot's account exports.
                Map.entry("Account Source", "channel"), Map.entry("Original Source", "channel"), Map.entry("Record ID", "sourceId"),
                // A Japanese list's (QA: its sales, first-trade date and trade were other columns, its tier C).
                Map.entry("売上金額", "amount"), Map.entry("取引開始日", "firstDate"), Map.entry("業種", "industry"),
                Map.entry("最終取引日", "lastOrderDate"), Map.entry("顧客区分", "type"), Map.entry("購入回数", "orders"),
                // A Korean list's.
                Map.entry("고객번호", "sourceId"), Map.entry("고객명", "name"), Map.entry("상호", "name"), Map.entry("전화번호", "phone"),
                Map.entry("연락처", "phone"), Map.entry("이메일", "email"), Map.entry("주소", "address"), Map.entry("시/도", "province"),
                Map.entry("매출액", "amount"), Map.entry("구매횟수", "orders"), Map.entry("최근구매일", "lastOrderDate"),
                Map.entry("가입일", "firstDate"), Map.entry("사업자등록번호", "taxId"), Map.entry("고객유형", "type"),
                Map.entry("판매채널", "channel"), Map.entry("업종", "industry"),
                // German, French and Spanish CRM and shop exports, with or without their accents.
                Map.entry("Kundennummer", "sourceId"), Map.entry("Vorname", "firstName"), Map.entry("Nachname", "lastName"),
                Map.entry("Firma", "company"), Map.entry("Straße", "address"), Map.entry("Umsatz", "amount"),
                Map.entry("Telefon", "phone"), Map.entry("Branche", "industry"), Map.entry("Numéro client", "sourceId"),
                Map.entry("Prénom", "firstName"), Map.entry("Prenom", "firstName"), Map.entry("Société", "company"), Map.entry("Societe", "company"),
                Map.entry("Ville", "city"), Map.entry("Pays", "country"), Map.entry("Chiffre d'affaires", "amount"), Map.entry("Courriel", "email"),
                Map.entry("Téléphone", "phone"), Map.entry("Teléfono", "phone"), Map.entry("Telefono", "phone"), Map.entry("País", "country"),
                Map.entry("Pais", "country"), Map.entry("Dirección", "address"), Map.entry("Direccion", "address"),
                Map.entry("Correo electrónico", "email"), Map.entry("Número de cliente", "sourceId"), Map.entry("Ventas", "amount"),
                Map.entry("Nombre", "firstName"), Map.entry("Apellidos", "lastName"), Map.entry("Empresa", "company"),
                // Russian, Polish and Czech ones.
                Map.entry("Код клиента", "sourceId"), Map.entry("Наименование", "name"), Map.entry("Телефон", "phone"),
                Map.entry("Эл. почта", "email"), Map.entry("Город", "city"), Map.entry("ИНН", "taxId"), Map.entry("Сумма продаж", "amount"),
                Map.entry("Тип клиента", "type"), Map.entry("Канал продаж", "channel"), Map.entry("Дата регистрации", "firstDate"),
                Map.entry("Nazwa klienta", "name"), Map.entry("Miasto", "city"), Map.entry("NIP", "taxId"), Map.entry("Województwo", "province"),
                Map.entry("Kanał sprzedaży", "channel"), Map.entry("Liczba zamówień", "orders"), Map.entry("Název firmy", "name"),
                Map.entry("Město", "city"), Map.entry("IČO", "taxId"), Map.entry("Příjmení", "lastName"), Map.entry("Počet objednávek", "orders"),
                // QA: Danish, Swedish, Dutch, Italian and Portuguese ones.
                Map.entry("Navn", "name"), Map.entry("Kundnamn", "name"), Map.entry("Klantnaam", "name"), Map.entry("Ragione sociale", "company"),
                Map.entry("Cognome", "lastName"), Map.entry("Città", "city"), Map.entry("Partita IVA", "taxId"), Map.entry("CVR-nummer", "taxId"),
                Map.entry("Telefoon", "phone"), Map.entry("E-post", "email"), Map.entry("Omzet", "amount"), Map.entry("Faturação", "amount"),
                Map.entry("Woonplaats", "city"), Map.entry("Salgskanal", "channel"));
        expected.forEach((header, field) -> assertThat(HeaderMapping.of(List.of(header), SchemeLoader.defaultScheme()).recognized())
                .as(header).containsOnlyKeys(field));
        // A Spanish Estado is as often the customer's status (Activo) as a state: not read as a province.
        assertThat(HeaderMapping.of(List.of("Estado"), SchemeLoader.defaultScheme()).recognized()).isEmpty();
        // A CRM's Annual Revenue is the account's own size, not what it spent with us that the value tiers score.
        assertThat(HeaderMapping.of(List.of("Annual Revenue"), SchemeLoader.defaultScheme()).recognized()).isEmpty();
        // A dimension some schemes add (an RFM segment) stays a dimension's column, not the customer type.
        assertThat(HeaderMapping.of(List.of("segment"), SchemeLoader.defaultScheme()).recognized()).isEmpty();
    }

    @Test
    void traditionalChineseHeadersMeanTheirField() {
        HeaderMapping m = HeaderMapping.of(List.of("客戶編號", "客戶名稱", "聯絡電話", "電子郵件", "客戶類型", "銷售渠道", "累計金額（萬元）", "備註"),
                SchemeLoader.defaultScheme());
        assertThat(m.recognized()).containsOnlyKeys("sourceId", "name", "phone", "email", "type", "channel", "amount");
        // Another column keeps its header as written: the fold is for comparing only.
        assertThat(m.unrecognized()).containsExactly("備註");
        assertThat(m.values(List.of("A1", "台北貿易", "02-1", "a@b.tw", "企業", "直銷", "3", "x"))).containsEntry("amount", "30000")
                .containsEntry("name", "台北貿易").containsEntry("備註", "x");
    }

    @Test
    void aTaiwanErpsCustomerNumberAndFullNameMeanTheIdAndTheName() {
        HeaderMapping m = HeaderMapping.of(List.of("客戶代號", "客戶全名", "統一編號", "縣市", "聯絡電話"), SchemeLoader.defaultScheme());
        assertThat(m.recognized()).containsKeys("sourceId", "name", "taxId", "phone");
    }

    @Test
    void aRegionOrTierColumnOfTheUsersOwnFileIsData() {
        // Superstore's order lines: Region is the seller's sales region, nothing custcode derived.
        HeaderMapping own = HeaderMapping.of(List.of("Customer ID", "Customer Name", "Region", "Tier"), SchemeLoader.defaultScheme());
        assertThat(own.derived()).isEmpty();
        assertThat(own.unrecognized()).containsExactly("Region", "Tier");
        assertThat(own.values(List.of("CG-12520", "Claire Gute", "South", "Gold"))).containsEntry("region", "South").containsEntry("tier", "Gold");
        // The same columns in a file with the customer code are an export's, recomputed on import.
        HeaderMapping exported = HeaderMapping.of(List.of("code", "name", "Region", "Tier"), SchemeLoader.defaultScheme());
        assertThat(exported.derived()).containsOnlyKeys("Region", "Tier");
        assertThat(exported.values(List.of("NEO000001", "x", "South", "Gold"))).containsOnlyKeys("code", "name");
    }
}
