package dev.custcode.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An operator changes the scheme by uploading config/scheme.json; a bad one is refused by path and changes nothing. */
class SchemeIT {
    @RegisterExtension
    static final StackPerClass STACK = new StackPerClass();
    private static TestStack stack;

    @BeforeAll
    static void stack() {
        stack = STACK.get();
    }

    /** Uploads a scheme and waits for the status that answers this very upload. */
    private static JsonNode uploadScheme(byte[] scheme) {
        stack.put("config/scheme.json", scheme);
        String eTag = stack.s3.headObject(b -> b.bucket(stack.bucket()).key("config/scheme.json")).eTag().replace("\"", "");
        TestStack.await(() -> stack.get("config/scheme-status.json").map(b -> new String(b, StandardCharsets.UTF_8).contains(eTag)).orElse(false),
                Duration.ofMinutes(1), "the scheme status for " + eTag);
        return stack.json("config/scheme-status.json");
    }

    @Test
    void invalidSchemeIsRejectedByPathAndAValidOneTakesEffect() throws Exception {
        byte[] northSouth = Files.readAllBytes(TestStack.ROOT.resolve("examples/north-south-scheme.json"));
        String broken = new String(northSouth, StandardCharsets.UTF_8).replace("\"code\": \"{region}{type}{channel}{seq:6}\"", "\"code\": \"{region}{type}\"");
        JsonNode rejected = uploadScheme(broken.getBytes(StandardCharsets.UTF_8));
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.at("/errors/0/path").asText()).isEqualTo("$.code");
        assertThat(rejected.at("/errors/0/problem").asText()).contains("{seq:N}");
        assertThat(rejected.get("inForce").asText()).isEqualTo("default");
        assertThat(stack.get("config/active-scheme.json")).isEmpty();

        JsonNode accepted = uploadScheme(northSouth);
        assertThat(accepted.get("status").asText()).isEqualTo("ACCEPTED");
        assertThat(accepted.get("inForce").asText()).isEqualTo("north-south");

        String csv = "客户编号,客户名称,省份,行业\r\nNS1,济南重工有限公司,山东,制造业\r\nNS2,苏州丝绸,江苏,零售\r\n";
        stack.put("incoming/north-south.csv", csv.getBytes(StandardCharsets.UTF_8));
        JsonNode report = stack.awaitReport(stack.importIdOf("incoming/north-south.csv"), Duration.ofMinutes(2));
        assertThat(report.get("scheme").asText()).isEqualTo("north-south");
        var jinan = stack.customerItem("sid:NS1");
        assertThat(jinan.get("folder").s()).isEqualTo("north/manufacturing/tier-c");
        var suzhou = stack.customerItem("sid:NS2");
        assertThat(suzhou.get("folder").s()).isEqualTo("south/retail/tier-c");
        stack.awaitExport(report, Duration.ofMinutes(2));
        assertThat(stack.json("groups/north/_summary.json").get("label").asText()).isEqualTo("北方 North China");

        // Writing the status and the active copy triggered nothing: no loops, no failures.
        stack.awaitIdle(Duration.ofMinutes(1));
        assertThat(stack.runtime.failedEvents()).isEmpty();
    }
}
