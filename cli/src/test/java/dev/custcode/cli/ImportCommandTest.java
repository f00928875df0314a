package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ImportCommand.Upload UPLOAD = new ImportCommand.Upload(Path.of("a.csv"), "incoming/a.csv", "0123456789abcdef0123",
            10, Instant.parse("2026-12-04T10:00:00Z"));

    @Test
    void anImportThatEndedBeforeTheUploadWasSentIsSaidToHaveAppliedNothingAgain() throws Exception {
        assertThat(ImportCommand.earlier(JSON.readTree("{\"status\":\"COMPLETED\",\"finishedAt\":\"2026-12-01T09:00:00Z\"}"), UPLOAD))
                .hasValueSatisfying(note -> assertThat(note).contains("held these same bytes before").contains("applied nothing again"));
        assertThat(ImportCommand.earlier(JSON.readTree("{\"status\":\"COMPLETED\",\"finishedAt\":\"2026-12-04T09:59:50Z\"}"), UPLOAD))
                .as("within the clocks' margin: this upload's own import").isEmpty();
        assertThat(ImportCommand.earlier(JSON.readTree("{\"status\":\"COMPLETED\"}"), UPLOAD)).isEmpty();
        // Seconds ago, but asked before the upload: the import had finished already.
        ImportCommand.Upload again = new ImportCommand.Upload(UPLOAD.file(), UPLOAD.key(), UPLOAD.importId(), UPLOAD.bytes(), UPLOAD.sent(),
                "2026-12-04T09:59:50Z");
        assertThat(ImportCommand.earlier(JSON.readTree("{\"status\":\"COMPLETED\",\"finishedAt\":\"2026-12-04T09:59:50Z\"}"), again))
                .hasValueSatisfying(note -> assertThat(note).contains("held these same bytes before"));
    }

    @Test
    void theMd5OfAFileIsTheETagS3GivesItsBytes() throws Exception {
        Path file = java.nio.file.Files.createTempFile("md5", ".csv");
        java.nio.file.Files.writeString(file, "客户名称\n杭州青木\n");
        assertThat(ImportCommand.md5(file)).isEqualTo(java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("MD5").digest(java.nio.file.Files.readAllBytes(file))));
        assertThat(ImportCommand.md5(file)).hasSize(32);
        java.nio.file.Files.delete(file);
    }

    @Test
    void aFileNotNamedCsvIsUploadedUnderACsvNameSoThatItIsImported() {
        assertThat(ImportCommand.objectName(Path.of("/tmp/us.txt"))).isEqualTo("us.txt.csv");
        assertThat(ImportCommand.objectName(Path.of("shop.tsv"))).isEqualTo("shop.tsv.csv");
        assertThat(ImportCommand.objectName(Path.of("客户.CSV"))).as("the bucket's triggers take .CSV too").isEqualTo("客户.CSV");
        assertThat(ImportCommand.objectName(Path.of("a.csv"))).isEqualTo("a.csv");
    }

    @Test
    void theBarOfAFileReadInOneInvocationMovesWithItsRowsRead(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path file = dir.resolve("f.csv");
        java.nio.file.Files.writeString(file, "客户编号,客户名称\r\nA1,甲\r\nA2,乙\r\nA3,丙\r\nA4,丁\r\n");
        assertThat(ImportCommand.dataLines(file)).isEqualTo(4);
        assertThat(ImportCommand.bytesFor(0, 4, 1000)).isZero();
        assertThat(ImportCommand.bytesFor(1, 4, 1000)).isEqualTo(250);
        assertThat(ImportCommand.bytesFor(9, 4, 1000)).as("never past the file").isEqualTo(1000);
        assertThat(ImportCommand.bytesFor(3, 0, 1000)).as("lines unknown: the bar waits").isZero();
        assertThat(ImportCommand.dataLines(dir.resolve("gone.csv"))).isZero();
    }

    @Test
    void aBarInALogTakesALineOnlyWhenItSaysSomethingNew() {
        String a = "us.csv  50% [=====     ] 10/20 KB (0:00:01 / 0:00:01) 9.8 KB/s 120 rows read";
        String b = "us.csv  50% [=====     ] 10/20 KB (0:00:02 / 0:00:02) 4.9 KB/s 120 rows read";
        String c = "us.csv  60% [======    ] 12/20 KB (0:00:03 / 0:00:02) 4.0 KB/s 150 rows read";

        assertThat(ImportCommand.withoutClock(a)).isEqualTo(ImportCommand.withoutClock(b)).doesNotContain("0:00").doesNotContain("/s");
        assertThat(ImportCommand.withoutClock(c)).isNotEqualTo(ImportCommand.withoutClock(a)).contains("150 rows read");
    }
}
