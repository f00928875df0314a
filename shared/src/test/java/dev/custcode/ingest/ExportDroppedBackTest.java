package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import dev.custcode.export.ExportManifest;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An export downloaded, edited in a spreadsheet and dropped back into incoming/ while the data changed meanwhile. */
class ExportDroppedBackTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-03T10:00:00Z"), ZoneOffset.UTC);
    private final InMemoryStores stores = new InMemoryStores();

    /** Imports {@code bytes} uploaded and run {@code minutes} after {@link #CLOCK}'s instant. */
    private ImportReport loadAt(int minutes, byte[] bytes) {
        return loadAt(Duration.ofMinutes(minutes), bytes);
    }

    private ImportReport loadAt(Duration after, byte[] bytes) {
        Clock later = Clock.offset(CLOCK, after);
        String key = "incoming/f" + stores.objects.content.size() + ".csv";
        String eTag = stores.objects.put(key, bytes);
        ImportReport r = stores.ingest(SchemeSource.builtIn(), later, IngestSettings.DEFAULT)
                .ingest(new IncomingObject("b", key, null, eTag, bytes.length, later.instant()));
        byte[] manifest = stores.objects.content.get("manifests/" + r.importId() + ".json");
        if (manifest != null) { // none when the import changed nothing
            stores.exporter(SchemeSource.builtIn(), later).export(ExportManifest.parse(manifest));
        }
        return r;
    }

    private Customer du2() {
        return stores.customers.all().stream().filter(c -> "DU2".equals(c.attributes().get("sourceId"))).findFirst().orElseThrow();
    }

    @Test
    void aCellTheDataChangedAfterTheExportIsKeptStoredWithAWarningAndAnEditedCellIsApplied() {
        loadAt(0, "客户编号,客户名称,省份,累计金额,订单数\nDU2,复现二有限公司,江苏,5,3\nDU3,复现三有限公司,江苏,7,1\n".getBytes(StandardCharsets.UTF_8));
        String exportKey = "groups/" + du2().folder() + "/_export.csv";
        String downloaded = stores.objects.text(exportKey);
        assertThat(downloaded).contains("\"DU2\",\"\",\"\",\"\",\"\",\"江苏\",\"\",\"5\",\"3\"");

        // Another system changes DU2's amount; then the steward's copy comes back, DU2's orders edited.
        loadAt(1, "客户编号,累计金额\nDU2,99999\n".getBytes(StandardCharsets.UTF_8));
        ImportReport back = loadAt(2, downloaded.replace("\"5\",\"3\"", "\"5\",\"4\"").getBytes(StandardCharsets.UTF_8));

        assertThat(du2().attributes()).as("the newer amount stays; the edited orders are applied")
                .containsEntry("amount", "99999").containsEntry("orders", "4");
        assertThat(back.counts().updated()).isEqualTo(1);
        assertThat(back.counts().warnings()).isEqualTo(1);
        assertThat(stores.objects.text(back.warningsFile())).contains("\"amount\",\"5\",\"not applied: the stored value changed after this export was made");

        // A copy taken after that (DU2 is filed elsewhere now), edited and dropped back: the edit applies (nothing changed since).
        String fresh = stores.objects.text("groups/" + du2().folder() + "/_export.csv");
        ImportReport again = loadAt(3, fresh.replace("\"99999\",\"4\"", "\"99998\",\"4\"").getBytes(StandardCharsets.UTF_8));
        assertThat(again.counts().warnings()).isZero();
        assertThat(again.counts().updated()).isEqualTo(1);
        assertThat(du2().attributes()).containsEntry("amount", "99998");
    }
    @Test
    void aCellEmptiedInTheExportKeepsTheStoredValueAndSaysHowToClearIt() {
        // QA: orders and the last order date emptied in a downloaded export, dropped back: 6 unchanged, 0 warnings, nothing said.
        loadAt(0, "客户编号,客户名称,省份,累计金额,订单数\nDU2,复现二有限公司,江苏,5,3\nDU3,复现三有限公司,江苏,7,1\n".getBytes(StandardCharsets.UTF_8));
        String downloaded = stores.objects.text("groups/" + du2().folder() + "/_export.csv");

        ImportReport back = loadAt(1, downloaded.replace("\"5\",\"3\"", "\"5\",\"\"").getBytes(StandardCharsets.UTF_8));

        assertThat(du2().attributes()).as("an empty cell keeps the stored value, as in any file").containsEntry("orders", "3");
        assertThat(back.counts().unchanged()).isEqualTo(2);
        assertThat(back.counts().warnings()).as("said, once: DU2's orders (no other cell emptied where a value is stored)").isEqualTo(1);
        assertThat(stores.objects.text(back.warningsFile()))
                .contains("\"orders\",\"\",\"not applied: an empty cell keeps the stored value; write (clear) in it to clear the value\"");

        ImportReport cleared = loadAt(2, downloaded.replace("\"5\",\"3\"", "\"5\",\"(clear)\"").getBytes(StandardCharsets.UTF_8));
        assertThat(du2().attributes()).as(cleared.message()).doesNotContainKey("orders");
    }

    @Test
    void anExportSavedAgainByExcelChangesOnlyItsEditedCells() {
        loadAt(0, ("客户编号,客户名称,省份,订单数,最后下单日期\n"
                + "6228480012345678,长号有限公司,江苏,3,2024-11-02\n"
                + "000123,零号有限公司,江苏,5,2024-03-05\n").getBytes(StandardCharsets.UTF_8));
        Customer longId = byName("长号有限公司");
        Customer zeros = byName("零号有限公司");
        String downloaded = stores.objects.text("groups/" + longId.folder() + "/_export.csv");
        assertThat(downloaded).contains("\"6228480012345678\"", "\"000123\"", "\"2024-11-02\"");

        // Excel in a US locale: the long id in scientific notation, the leading zeros gone, dates month first; orders edited.
        String saved = downloaded.replace("\"6228480012345678\"", "\"6.22848E+15\"").replace("\"000123\"", "\"123\"")
                .replace("\"2024-11-02\"", "\"11/2/2024\"").replace("\"2024-03-05\"", "\"3/5/2024\"")
                .replace("\"3\",\"\",\"11/2/2024\"", "\"4\",\"\",\"11/2/2024\"").replace("\"5\",\"\",\"3/5/2024\"", "\"6\",\"\",\"3/5/2024\"");
        assertThat(saved).as("the edits were made").contains("\"4\",\"\",\"11/2/2024\"", "\"6\",\"\",\"3/5/2024\"");
        ImportReport back = loadAt(1, saved.getBytes(StandardCharsets.UTF_8));

        assertThat(back.counts().conflicts()).as("the id without its zeros is the customer's own").isZero();
        assertThat(back.counts().updated()).isEqualTo(2);
        assertThat(byName("长号有限公司").attributes()).containsEntry("sourceId", "6228480012345678").containsEntry("orders", "4")
                .containsEntry("lastOrderDate", "2024-11-02");
        assertThat(byName("零号有限公司").attributes()).containsEntry("sourceId", "000123").containsEntry("orders", "6")
                .containsEntry("lastOrderDate", "2024-03-05");
        assertThat(byName("零号有限公司").keys()).contains("sid:000123").doesNotContain("sid:123");
        assertThat(stores.customers.all()).as("no customer made of a cut id").hasSize(2);
        String warnings = stores.objects.text(back.warningsFile());
        assertThat(warnings).contains("\"sourceId\",\"6.22848E+15\",\"a number Excel showed in scientific notation")
                .contains("\"sourceId\",\"123\",\"read as 000123");
    }

    /** QA: a partial file whose only key was an id Excel had cut (26 for 000026) made a second customer of each row. */
    @Test
    void anIdWithoutItsLeadingZerosAndNoOtherKeyIsTheStoredId() {
        loadAt(0, ("客户编号,客户名称,城市,累计金额\n000026,北京金桥科技有限公司,北京市,1500000\n0027,另一家有限公司,上海市,1\n"
                + "0030,三零有限公司,上海市,1\n00030,又一个三零有限公司,上海市,1\n").getBytes(StandardCharsets.UTF_8));
        ImportReport cut = loadAt(1, ("客户编号,客户名称,城市,累计金额\n26,北京金桥科技有限公司,北京市,1700000\n27,另一家有限公司,上海市,2\n"
                + "28,新客户有限公司,北京市,5\n").getBytes(StandardCharsets.UTF_8));

        assertThat(cut.counts().created()).as("28 is a customer of its own").isEqualTo(1);
        assertThat(cut.counts().updated()).isEqualTo(2);
        assertThat(byName("北京金桥科技有限公司").attributes()).containsEntry("sourceId", "000026").containsEntry("amount", "1700000");
        assertThat(byName("另一家有限公司").attributes()).containsEntry("sourceId", "0027").containsEntry("amount", "2");
        assertThat(stores.objects.text(cut.warningsFile())).contains("\"sourceId\",\"26\",\"read as 000026");
        assertThat(stores.customers.all()).hasSize(5);
        // Held with zeros by two customers, 30 is neither's: a customer of its own, as ids are compared as written.
        ImportReport ambiguous = loadAt(2, "客户编号,客户名称,城市\n30,三十有限公司,上海市\n".getBytes(StandardCharsets.UTF_8));
        assertThat(ambiguous.counts().created()).isEqualTo(1);
    }

    /** QA: a 16-digit id Excel wrote as its first 15 digits and a zero made a second customer, or a conflict naming another system. */
    @Test
    void anIdExcelKeptFifteenDigitsOfIsTheStoredId() {
        loadAt(0, ("客户编号,客户名称,城市,电话,订单数\n2026003170715377,南京天成贸易有限公司,南京市,13800138000,1\n"
                + "2026003170715381,南京天成二号有限公司,南京市,,1\n").getBytes(StandardCharsets.UTF_8));
        ImportReport cut = loadAt(1, ("客户编号,客户名称,城市,电话,订单数\n2026003170715370,南京天成贸易有限公司,南京市,13800138000,2\n"
                + "2026003170715380,南京天成二号有限公司,南京市,,3\n").getBytes(StandardCharsets.UTF_8));

        assertThat(cut.counts().conflicts()).isZero();
        assertThat(cut.counts().created()).isZero();
        assertThat(cut.counts().updated()).isEqualTo(2);
        assertThat(byName("南京天成贸易有限公司").attributes()).containsEntry("sourceId", "2026003170715377").containsEntry("orders", "2");
        assertThat(byName("南京天成二号有限公司").attributes()).containsEntry("sourceId", "2026003170715381").containsEntry("orders", "3");
        assertThat(stores.objects.text(cut.warningsFile())).contains("read as 2026003170715377, the customer's stored value: Excel keeps 15 digits");
        assertThat(BatchApplier.fifteenDigitsOf("2026003170715370", "2026003170715370")).as("itself").isFalse();
        assertThat(BatchApplier.fifteenDigitsOf("2026003170715300", "2026003170715377")).isFalse();
    }

    /** QA: rows whose phone, email and tax id all found the customer went to conflicts for an id Excel had cut, their changes lost. */
    @Test
    void anIdWithoutItsLeadingZerosIsTheStoredIdWhenTheRowsOtherKeysFindTheCustomer() {
        loadAt(0, "客户编号,客户名称,省份,电话,订单数\n000123,零号有限公司,江苏,13800138000,3\n".getBytes(StandardCharsets.UTF_8));
        ImportReport resaved = loadAt(1, "客户编号,客户名称,省份,电话,订单数\n123,零号有限公司,江苏,13800138000,4\n".getBytes(StandardCharsets.UTF_8));

        assertThat(resaved.counts().conflicts()).isZero();
        assertThat(resaved.counts().updated()).isEqualTo(1);
        assertThat(byName("零号有限公司").attributes()).containsEntry("sourceId", "000123").containsEntry("orders", "4");
        assertThat(byName("零号有限公司").keys()).contains("sid:000123").doesNotContain("sid:123");
        assertThat(stores.objects.text(resaved.warningsFile())).contains("\"sourceId\",\"123\",\"read as 000123");
        // Another id altogether is still another customer's: a conflict that says so.
        ImportReport other = loadAt(2, "客户编号,客户名称,省份,电话\n124,零号有限公司,江苏,13800138000\n".getBytes(StandardCharsets.UTF_8));
        assertThat(other.counts().conflicts()).isEqualTo(1);
        assertThat(stores.objects.text(other.conflictsFile())).contains("differs from the matched customer's");
    }

    @Test
    void aMaskedCellEditedButLeftMaskedIsNotAppliedAndSaysSo() {
        loadAt(0, "客户编号,客户名称,省份,电话,订单数\nMK1,掩码有限公司,江苏,13800138000,3\nMK2,原样有限公司,江苏,13900139000,1\n"
                .getBytes(StandardCharsets.UTF_8));
        Customer mk1 = byName("掩码有限公司");
        String downloaded = stores.objects.text("groups/" + mk1.folder() + "/_export.csv");
        assertThat(downloaded).contains("\"138****8000\"", "\"139****9000\"").doesNotContain("13800138000");

        ImportReport back = loadAt(1, downloaded.replace("\"138****8000\"", "\"137****8000\"").getBytes(StandardCharsets.UTF_8));

        assertThat(byName("掩码有限公司").attributes()).containsEntry("phone", "13800138000");
        assertThat(back.counts().updated()).isZero();
        assertThat(back.counts().warnings()).as("the untouched masked cell says nothing").isEqualTo(1);
        assertThat(stores.objects.text(back.warningsFile())).contains("\"phone\",\"137****8000\",\"not applied: a masked value");
    }

    @Test
    void aMaskedCellOfAnOutdatedCopySaysTheStoredValueChangedSince() {
        loadAt(0, "客户编号,客户名称,省份,电话\nMO1,旧号有限公司,江苏,13800138000\n".getBytes(StandardCharsets.UTF_8));
        String downloaded = stores.objects.text("groups/" + byName("旧号有限公司").folder() + "/_export.csv");
        loadAt(1, "客户编号,电话\nMO1,13700137000\n".getBytes(StandardCharsets.UTF_8));

        ImportReport back = loadAt(2, downloaded.getBytes(StandardCharsets.UTF_8));

        assertThat(byName("旧号有限公司").attributes()).containsEntry("phone", "13700137000");
        assertThat(stores.objects.text(back.warningsFile()))
                .contains("\"phone\",\"138****8000\",\"not applied: a masked value (the stored value changed after this export was made)");
    }

    @Test
    void anEditedTierOrFolderIsNotAppliedAndSaysItIsComputedWhileUntouchedOnesSayNothing() {
        loadAt(0, "客户编号,客户名称,省份,累计金额\nCT1,计算有限公司,江苏,500\nCT2,未动有限公司,江苏,600\n".getBytes(StandardCharsets.UTF_8));
        Customer ct1 = byName("计算有限公司");
        List<List<String>> rows = csv(stores.objects.text("groups/" + ct1.folder() + "/_export.csv"));
        List<String> header = rows.get(0);
        int tier = header.indexOf("tier");
        int folder = header.indexOf("folder");
        List<String> edited = rows.stream().filter(r -> r.get(0).equals(ct1.code())).findFirst().orElseThrow();
        assertThat(edited.get(tier)).as("what the export shows").isNotEqualTo("A");
        edited.set(tier, "A");
        edited.set(folder, "north/enterprise/tier-a");

        ImportReport back = loadAt(1, toCsv(rows).getBytes(StandardCharsets.UTF_8));

        assertThat(byName("计算有限公司").folder()).isEqualTo(ct1.folder());
        assertThat(byName("计算有限公司").dimensions()).isEqualTo(ct1.dimensions());
        assertThat(back.counts().warnings()).as("the two edited cells, not the untouched row").isEqualTo(2);
        assertThat(stores.objects.text(back.warningsFile()))
                .contains("\"tier\",\"A\",\"not applied: tier is computed by the scheme from the customer's fields")
                .contains("\"folder\",\"north/enterprise/tier-a\",\"not applied: the folder is computed")
                .contains("(it is " + ct1.folder() + ")");

        // A file of its own with the codes and a tier column (no updatedAt: taken as current).
        ImportReport own = loadAt(3, ("code,tier\n" + ct1.code() + ",A\n").getBytes(StandardCharsets.UTF_8));
        assertThat(stores.objects.text(own.warningsFile())).contains("\"tier\",\"A\",\"not applied: tier is computed");
        assertThat(byName("计算有限公司").dimensions()).isEqualTo(ct1.dimensions());
    }

    @Test
    void anOutdatedCopyWhoseUpdatedAtASpreadsheetRewroteOrEmptiedStillKeepsTheNewerValues() {
        loadAt(0, "客户编号,客户名称,省份,累计金额,订单数,备注\nDU2,复现二有限公司,江苏,5,3,初始\n".getBytes(StandardCharsets.UTF_8));
        List<List<String>> copy = csv(stores.objects.text("groups/" + du2().folder() + "/_export.csv"));
        // Another system changes DU2's amount and note after the copy was taken.
        loadAt(1, "客户编号,累计金额,备注\nDU2,99999,新备注\n".getBytes(StandardCharsets.UTF_8));

        int updatedAt = copy.get(0).indexOf("updatedAt");
        int orders = copy.get(0).indexOf("orders");
        for (String rewritten : List.of("2026/12/3 10:00", "", "yesterday")) {
            List<List<String>> edited = copy.stream().map(r -> (List<String>) new java.util.ArrayList<>(r)).toList();
            edited.get(1).set(updatedAt, rewritten);
            edited.get(1).set(orders, "4");
            ImportReport back = loadAt(2, toCsv(edited).getBytes(StandardCharsets.UTF_8));
            assertThat(du2().attributes()).as("updatedAt %s: the newer values stay, the edit applies", rewritten)
                    .containsEntry("amount", "99999").containsEntry("备注", "新备注").containsEntry("orders", "4");
            assertThat(stores.objects.text(back.warningsFile())).as(rewritten)
                    .contains("\"amount\",\"5\",\"not applied: the stored value changed after this export was made (its updatedAt "
                            + (rewritten.startsWith("2026") ? "2026-12-03T10:00:59.999Z" : "not readable: taken as older than every change"))
                    .contains("\"备注\",\"初始\",\"not applied");
        }
    }

    @Test
    void theCurrentExportWhoseUpdatedAtASpreadsheetCutToTheMinuteTakesEditsOfTheFieldsItsLastChangeSet() {
        loadAt(0, "客户编号,客户名称,省份,累计金额,订单数\nDU2,复现二有限公司,江苏,1000,3\n".getBytes(StandardCharsets.UTF_8));
        java.time.format.DateTimeFormatter[] saves = {
                java.time.format.DateTimeFormatter.ofPattern("yyyy/M/d H:mm"),
                java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"),
                java.time.format.DateTimeFormatter.ofPattern("d/M/yyyy H:mm"),
                java.time.format.DateTimeFormatter.ofPattern("M/d/yyyy h:mm a", java.util.Locale.US)};
        int minute = 1;
        for (java.time.format.DateTimeFormatter save : saves) {
            // The last change, at hh:mm:31.049: the export's updatedAt says so to the millisecond, a spreadsheet less precisely.
            Duration at = Duration.ofMinutes(minute).plusSeconds(31).plusMillis(49);
            loadAt(at, ("客户编号,累计金额\nDU2," + (1000 + minute) + "\n").getBytes(StandardCharsets.UTF_8));
            List<List<String>> edited = csv(stores.objects.text("groups/" + du2().folder() + "/_export.csv"));
            int updatedAt = edited.get(0).indexOf("updatedAt");
            Instant last = CLOCK.instant().plus(at);
            assertThat(edited.get(1).get(updatedAt)).isEqualTo(last.toString());
            String rewritten = save.format(last.atOffset(ZoneOffset.UTC));
            edited.get(1).set(updatedAt, rewritten);
            edited.get(1).set(edited.get(0).indexOf("amount"), "7777");
            if (rewritten.endsWith("M")) { // a US save: its dates month first, as 11/28/2026 tells
                edited.get(1).set(edited.get(0).indexOf("lastOrderDate"), "11/28/2026");
            }
            ImportReport back = loadAt(minute + 1, toCsv(edited).getBytes(StandardCharsets.UTF_8));
            assertThat(back.counts().updated()).as("updatedAt %s: %s", rewritten, stores.objects.text(back.warningsFile())).isEqualTo(1);
            assertThat(du2().attributes()).as(rewritten).containsEntry("amount", "7777");
            minute += 2;
        }
    }

    @Test
    void anExportDroppedBackKeepsTypeAndChannelValuesTheSchemeDoesNotKnowBehindTheirLabels() {
        loadAt(0, "客户编号,客户名称,省份,城市,客户类型,销售渠道\nRT1,成都蜀锦贸易有限公司,四川,成都,VIP大客户,抖音直播\n".getBytes(StandardCharsets.UTF_8));
        Customer rt1 = stores.customers.all().iterator().next();
        assertThat(rt1.attributes()).containsEntry("type", "VIP大客户").containsEntry("channel", "抖音直播");
        String export = stores.objects.text("groups/" + rt1.folder() + "/_export.csv");
        assertThat(export).as("the export shows the labels").contains("企业客户 Enterprise");

        ImportReport back = loadAt(1, export.getBytes(StandardCharsets.UTF_8));
        assertThat(back.counts().unchanged()).isEqualTo(1);
        assertThat(stores.customers.all().iterator().next().attributes()).containsEntry("type", "VIP大客户").containsEntry("channel", "抖音直播");

        // A value the scheme knows, and says otherwise, is a change.
        loadAt(2, "客户编号,客户类型\nRT1,个人\n".getBytes(StandardCharsets.UTF_8));
        assertThat(stores.customers.all().iterator().next().attributes()).containsEntry("type", "个人");
    }

    @Test
    void aSpreadsheetsTimeIsReadAsTheLatestItCanMean() {
        assertThat(RowValidator.spreadsheetTime("2026/12/6 8:36", false)).isEqualTo(Instant.parse("2026-12-06T08:36:59.999Z").toEpochMilli());
        assertThat(RowValidator.spreadsheetTime("2026-12-06 08:36:31", false)).isEqualTo(Instant.parse("2026-12-06T08:36:31.999Z").toEpochMilli());
        assertThat(RowValidator.spreadsheetTime("2026-12-06 08:36:31.5", false)).isEqualTo(Instant.parse("2026-12-06T08:36:31Z").toEpochMilli());
        assertThat(RowValidator.spreadsheetTime("6/12/2026 8:36", false)).as("day first").isEqualTo(Instant.parse("2026-12-06T08:36:59.999Z").toEpochMilli());
        assertThat(RowValidator.spreadsheetTime("12/6/2026 8:36", true)).as("month first").isEqualTo(Instant.parse("2026-12-06T08:36:59.999Z").toEpochMilli());
        assertThat(RowValidator.spreadsheetTime("12/16/2026 8:36 PM", false)).as("16 is no month").isEqualTo(Instant.parse("2026-12-16T20:36:59.999Z").toEpochMilli());
        assertThat(RowValidator.spreadsheetTime("12/6/2026 12:05 AM", true)).isEqualTo(Instant.parse("2026-12-06T00:05:59.999Z").toEpochMilli());
        assertThat(RowValidator.spreadsheetTime("yesterday", true)).isEqualTo(RowValidator.UNREADABLE_EXPORT_TIME);
        assertThat(RowValidator.spreadsheetTime("2026/13/6 8:36", true)).isEqualTo(RowValidator.UNREADABLE_EXPORT_TIME);
    }

    private static List<List<String>> csv(String text) {
        List<List<String>> rows = new java.util.ArrayList<>();
        de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(text.replace("\uFEFF", ""))
                .forEach(r -> rows.add(new java.util.ArrayList<>(r.getFields())));
        return rows;
    }

    private static String toCsv(List<List<String>> rows) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (var w = de.siegmar.fastcsv.writer.CsvWriter.builder().build(out)) {
            rows.forEach(w::writeRecord);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toString();
    }

    private Customer byName(String name) {
        return stores.customers.all().stream().filter(c -> name.equals(c.attributes().get("name"))).findFirst().orElseThrow();
    }
}
