package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ReevaluateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aRunningRunsProgressIsOneLineAndAFinishedRunHasNone() throws Exception {
        assertThat(ReevaluateCommand.progressLine(JSON.readTree("""
                {"status":"RUNNING","progress":{"phase":"evaluating","customersRead":12000,"customers":40000,"percent":30.0}}""")))
                .contains("  evaluating: 12000 of 40000 customers (30.0 %)");
        assertThat(ReevaluateCommand.progressLine(JSON.readTree("""
                {"status":"RUNNING","progress":{"phase":"ranking","customersRead":500}}""")))
                .as("before a first export the total is unknown").contains("  ranking: 500 customers");
        assertThat(ReevaluateCommand.progressLine(JSON.readTree("{\"status\":\"RUNNING\",\"attempt\":1}"))).isEmpty();
        assertThat(ReevaluateCommand.progressLine(JSON.readTree("""
                {"status":"DONE","progress":{"phase":"evaluating","customersRead":1}}"""))).isEmpty();
    }

    @Test
    void theRequestSaysTheDateAndWhetherItIsAPreview() throws Exception {
        assertThat(ReevaluateCommand.body(null, false)).isEqualTo("{}");
        assertThat(JSON.readTree(ReevaluateCommand.body(java.time.LocalDate.parse("2027-12-06"), true)))
                .isEqualTo(JSON.readTree("{\"asOf\":\"2027-12-06\",\"preview\":true}"));
    }

    @Test
    void aPreviewSaysWhichSchemeItTriedInOnePairOfBrackets() throws Exception {
        assertThat(ReevaluateCommand.previewLine(JSON.readTree("{\"draft\":\"(active scheme)\"}")))
                .contains("  a preview (active scheme): what a run would change; nothing was changed");
        assertThat(ReevaluateCommand.previewLine(JSON.readTree("{\"draft\":\"raise-a\"}"))).hasValueSatisfying(l -> assertThat(l).startsWith("  a preview (raise-a): "));
        assertThat(ReevaluateCommand.previewLine(JSON.readTree("{\"draft\":null}"))).isEmpty();
    }
}
