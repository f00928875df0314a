package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** cfn-lint checks the template offline: runtimes, references, event properties, circular dependencies. */
class TemplateLintIT {

    @Test
    void templatePassesCfnLint() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("cfn-lint", "template.yaml").directory(TestStack.ROOT.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "cfn-lint is not installed (pip install cfn-lint): skipping the template lint; .ci/run runs it");
            return;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("cfn-lint findings:%n%s", output).isZero();
    }
}
