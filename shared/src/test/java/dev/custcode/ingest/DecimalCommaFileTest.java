package dev.custcode.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.custcode.customer.Customer;
import java.nio.charset.Charset;
import org.junit.jupiter.api.Test;

/**
 * A file from Excel in a European locale: {@code sep=;} first, Windows-1252, decimal commas and dots
 * grouping thousands. Its amounts mean what the file means by them, and one that could mean a
 * thousand times another is told.
 */
class DecimalCommaFileTest {
    private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private final FileDrops files = new FileDrops();

    @Test
    void aSemicolonFileReadsDotsAsThousandsAndCommasAsDecimals() {
        ImportReport r = files.drop(("sep=;\r\nCustomer Id;Client Name;Country;City;Amount\r\n"
                + "EU2;Jürgen Groß;Germany;Köln;250.000\r\nEU1;X;Germany;Bonn;1.500\r\nEU3;Y;France;Paris;2,500\r\n"
                + "EU4;Z;France;Lyon;1.234,56\r\n").getBytes(WINDOWS_1252));

        assertThat(r.counts().accepted()).isEqualTo(4);
        Customer gross = files.stores.customers.byKey("sid:EU2");
        assertThat(gross.attributes()).containsEntry("name", "Jürgen Groß").containsEntry("city", "Köln");
        assertThat(gross.dimensions()).as("250.000 is 250,000: a key account").containsEntry("tier", "a");
        assertThat(files.stores.customers.byKey("sid:EU1").dimensions()).as("1.500 is 1,500").containsEntry("tier", "c");
        assertThat(files.stores.customers.byKey("sid:EU4").dimensions()).containsEntry("tier", "c");

        String warnings = files.stores.objects.text(IngestService.warningsKey(r.importId()));
        assertThat(warnings).as("only 2,500 reads either way by a factor of 1,000")
                .contains("2,500").contains("read as 2.5").contains("write 2500 or 2.500")
                .doesNotContain("250.000").doesNotContain("1.500").doesNotContain("1.234,56");
        assertThat(r.counts().warnings()).isEqualTo(1);
    }

    @Test
    void storedAmountsReadTheSameWithoutTheFile() {
        files.drop("sep=;\nCustomer Id;Client Name;Amount\nEU2;Jürgen Groß;250.000\n".getBytes(WINDOWS_1252));
        // What reevaluation and exports read later, with no delimiter to go by.
        String stored = files.stores.customers.byKey("sid:EU2").attributes().get("amount");
        assertThat(dev.custcode.normalize.Values.parseAmount(stored))
                .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("250000"));
    }

    @Test
    void aCommaFileKeepsItsDecimalPointAndTellsOfAThousandfoldReading() {
        ImportReport r = files.drop("Customer Id,Client Name,Country,City,Amount\n"
                + "US1,Ann,United States,Boston,250.000\nUS2,Bob,United States,Austin,\"2,500\"\nUS3,Cy,United States,Reno,12.75\n");

        assertThat(files.stores.customers.byKey("sid:US1").dimensions()).as("250.000 is 250 here").containsEntry("tier", "c");
        String warnings = files.stores.objects.text(IngestService.warningsKey(r.importId()));
        assertThat(warnings).contains("250.000").contains("read as 250,").contains("write 250000 or 250,000")
                .doesNotContain("2,500").doesNotContain("12.75");
        assertThat(r.counts().warnings()).isEqualTo(1);
    }
}
