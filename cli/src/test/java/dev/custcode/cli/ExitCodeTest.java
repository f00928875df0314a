package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An answer of the stack is not an outage: its refusals end in 1 or 2, only its failures and silence in 3. */
class ExitCodeTest {
    private StubStack stack;

    @BeforeEach
    void start() throws Exception {
        stack = new StubStack((method, path, body) -> {
            int status = path.startsWith("/imports/") ? 400 : path.equals("/customers/EEZ000004") ? 301 : 500;
            String detail = status == 400 ? "\"nosuchimport\" is not an import id" : status == 301 ? "customer EEZ000004 was merged into EEZ000003"
                    : "internal error";
            java.util.Map<String, String> headers = new java.util.HashMap<>(java.util.Map.of("Content-Type", "application/problem+json"));
            if (status == 301) {
                headers.put("Location", "/customers/EEZ000003");
            }
            return new StubStack.Answer(status, "{\"status\":" + status + ",\"detail\":\"" + detail.replace("\"", "\\\"") + "\"}", headers);
        });
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    private int run(StringWriter err, String... args) {
        StubStack.Run r = stack.run(args);
        err.write(r.err());
        return r.exit();
    }

    @Test
    void anIdTheStackCannotReadIsWrongUsageAMergedCodeIsANoAndAFailureIsThree() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "status", "nosuchimport")).isEqualTo(2);
        assertThat(err.toString()).contains("is not an import id");

        StringWriter merged = new StringWriter();
        assertThat(run(merged, "find", "EEZ000004")).isEqualTo(1);
        assertThat(merged.toString()).contains("merged into EEZ000003");

        assertThat(run(new StringWriter(), "find", "EEZ000005")).as("the stack failed: 500").isEqualTo(3);
    }

    @Test
    void aBucketTheStorageDoesNotHaveOrADirectoryIsWrongUsageAndSaidSo(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("a.csv"), "客户编号,客户名称\nC1,甲\n");
        String noSuchBucket = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchBucket</Code>"
                + "<Message>The specified bucket does not exist</Message><BucketName>nosuchbucket</BucketName></Error>";
        try (StubStack s3 = new StubStack((method, path, body) -> new StubStack.Answer(404, noSuchBucket, java.util.Map.of("Content-Type", "application/xml")))) {
            StubStack.Run r = s3.run("--s3-endpoint", s3.url(), "--bucket", "nosuchbucket", "import", file.toString());
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("there is no bucket nosuchbucket at " + s3.url()).contains("--bucket").doesNotContain("Request ID");

            // The endpoint and bucket from the environment (CUSTCODE_S3_ENDPOINT, CUSTCODE_BUCKET; a system property of that name in a test).
            System.setProperty("CUSTCODE_S3_ENDPOINT", s3.url());
            System.setProperty("CUSTCODE_BUCKET", "fromtheenvironment");
            try {
                StubStack.Run fromEnv = s3.run("import", file.toString());
                assertThat(fromEnv.err()).contains("there is no bucket fromtheenvironment at " + s3.url());
            } finally {
                System.clearProperty("CUSTCODE_S3_ENDPOINT");
                System.clearProperty("CUSTCODE_BUCKET");
            }

            StubStack.Run folder = s3.run("--s3-endpoint", s3.url(), "import", dir.toString());
            assertThat(folder.exit()).isEqualTo(2);
            assertThat(folder.err()).contains(dir + " is a directory").doesNotContain("no such file");
        }
    }

    @Test
    void aNegativeDepthIsWrongUsage() {
        StringWriter err = new StringWriter();
        assertThat(run(err, "tree", "--depth", "-1")).isEqualTo(2);
        assertThat(err.toString()).contains("--depth must be 0 or more");

        StringWriter up = new StringWriter();
        assertThat(run(up, "tree", "../x")).isEqualTo(2);
        assertThat(up.toString()).contains("not a folder path");
    }

    @Test
    void anEmptySearchIsWrongUsage() {
        for (String blank : new String[]{"", "   "}) {
            StringWriter err = new StringWriter();
            assertThat(run(err, "find", blank)).isEqualTo(2);
            assertThat(err.toString()).contains("give a code, phone, email");
        }
    }

    @Test
    void aDateThatIsNoDayIsWrongUsageSaidPlainly() {
        // QA: --as-of 2027-13-45 printed "cannot convert '2027-13-45' to class java.time.LocalDate (java.time.format…)".
        StringWriter err = new StringWriter();
        var cl = Main.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("--api=http://127.0.0.1:1", "reevaluate", "--as-of", "2027-13-45")).isEqualTo(2);
        assertThat(err.toString()).contains("'2027-13-45' is not a date: give it as YYYY-MM-DD").doesNotContain("java.time");
    }

    @Test
    void anApiAddressWithoutHttpIsWrongUsageBeforeAnythingIsAsked() {
        for (String api : new String[]{"localhost:3110", "127.0.0.1:3110", "ftp://127.0.0.1:3110", "http://"}) {
            StringWriter err = new StringWriter();
            var cl = Main.commandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));
            assertThat(cl.execute("--api=" + api, "tree")).as(api).isEqualTo(2);
            assertThat(err.toString()).as(api).contains("is not a URL").doesNotContain("NullPointerException");
        }
    }

    @Test
    void storageThatCannotBeReachedIsSaidWithTheOptionsThatNameAnother() {
        String said = Main.unreachableStorage(software.amazon.awssdk.core.exception.SdkClientException.create(
                "Unable to execute HTTP request: Connection refused (SDK Attempt Count: 4)"));
        org.assertj.core.api.Assertions.assertThat(said).contains("Connection refused").contains("--s3-endpoint").doesNotContain("Attempt Count");
    }
}
