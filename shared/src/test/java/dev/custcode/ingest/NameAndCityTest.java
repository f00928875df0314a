package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import org.junit.jupiter.api.Test;

/** A row known by name and city only finds the stored customer of that name and city, whatever other keys it has. */
class NameAndCityTest {
    private final FileDrops files = new FileDrops();

    @Test
    void aRowWithOnlyNameAndCityUpdatesTheCustomerKnownByOtherKeys() {
        files.drop("客户编号,客户名称,城市,电话,累计金额\nGBK001,张三丰,长沙,13900004444,100\nGBK002,李四,长沙,13900005555,200\n");
        Customer before = files.stores.customers.byKey("sid:GBK001");

        ImportReport r = files.drop("客户名称,城市,累计金额\n张三丰,长沙市,999\n");

        assertThat(r.counts().created()).as("no second code").isZero();
        assertThat(r.counts().updated()).isEqualTo(1);
        assertThat(r.counts().duplicateCandidates()).isZero();
        Customer after = files.stores.customers.byKey("sid:GBK001");
        assertThat(after.code()).isEqualTo(before.code());
        assertThat(after.attributes()).containsEntry("amount", "999").containsEntry("phone", "13900004444");
        assertThat(files.stores.customers.all()).hasSize(2);
    }

    @Test
    void anotherCityOrTwoCustomersOfOneNameAndCityMatchNothing() {
        files.drop("客户编号,客户名称,城市,电话\nA1,王五,杭州,13900006666\nA2,赵六,杭州,13900007777\nA3,赵六,杭州,13900008888\n");

        ImportReport r = files.drop("客户名称,城市\n王五,宁波\n赵六,杭州\n");

        assertThat(r.counts().created()).as("王五 of 宁波 is another; which 赵六 of 杭州 is meant cannot be told").isEqualTo(2);
        assertThat(files.stores.customers.all()).hasSize(5);
    }

    @Test
    void twoLinesOfOneCustomerCountOnceInTheReportsFolders() {
        ImportReport r = files.drop("客户编号,客户名称,城市,累计金额\nD1,孙九,上海,100\nD1,孙九,上海,200\n");

        assertThat(r.counts().duplicates()).isEqualTo(1);
        assertThat(r.folders().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1);
        // The merged line is named, with the line it joined and the code.
        String code = files.stores.customers.byKey("sid:D1").code();
        String warnings = new String(files.stores.objects.content.get("imports/" + r.importId() + "/warnings.csv"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(warnings).contains("\"3\",\"(line)\",\"" + code + "\",\"the same customer as line 2 of this file");
        assertThat(files.stores.customers.byKey("sid:D1").attributes()).containsEntry("amount", "200");
    }

    @Test
    void phonesAndIdsExcelShowedInScientificNotationIdentifyNobody() {
        // 13812345678 and 13812349999 in a General column, saved as CSV: both 1.38123E+10.
        ImportReport r = files.drop("客户名称,城市,电话,客户编号\n青木贸易,杭州,1.38123E+10,\n星河科技,北京,1.38123E+10,\n海风实业,广州,,1.23457E+11\n");

        assertThat(r.counts().created()).as("three customers, not one phone's").isEqualTo(3);
        assertThat(r.counts().warnings()).isEqualTo(3);
        assertThat(files.stores.customers.all()).hasSize(3).allMatch(c -> c.keys().stream().noneMatch(k -> k.startsWith("tel:") || k.startsWith("sid:")));
        String warnings = new String(files.stores.objects.content.get("imports/" + r.importId() + "/warnings.csv"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(warnings).contains("scientific notation");

        ImportReport alone = files.drop("电话,累计金额\n1.38123E+10,100\n");
        assertThat(alone.counts().rejected()).as("no other key: rejected, and why").isEqualTo(1);
        String rejected = new String(files.stores.objects.content.get("imports/" + alone.importId() + "/rejected.csv"), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(rejected).contains("scientific notation");
    }
}
