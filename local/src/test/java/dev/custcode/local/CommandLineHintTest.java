package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The banner tells how to point the command line at a stack on other ports; on the defaults there is nothing to set. */
class CommandLineHintTest {
    @Test
    void aStackOnOtherPortsSaysWhatToExportAndOneOnTheDefaultsDoesNot() {
        assertThat(Main.cliLine(URI.create("http://127.0.0.1:3000"), URI.create("http://127.0.0.1:4566"), URI.create("http://127.0.0.1:9324"),
                "custcode-local")).isEqualTo("./custcode status");
        assertThat(Main.cliLine(URI.create("http://127.0.0.1:3260"), URI.create("http://127.0.0.1:4760"), URI.create("http://127.0.0.1:9560"),
                "custcode-local")).isEqualTo("export CUSTCODE_API=http://127.0.0.1:3260 CUSTCODE_S3_ENDPOINT=http://127.0.0.1:4760"
                + " CUSTCODE_SQS_ENDPOINT=http://127.0.0.1:9560 CUSTCODE_BUCKET=custcode-local; ./custcode status");
    }
}
