package dev.custcode.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class SummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String printed(String importJson) throws Exception {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            Summary.printImport(out, Target.local(null, null, null, null), JSON.readTree(importJson));
        }
        return text.toString();
    }

    @Test
    void theRowCountsAreSaidOnceAndWhatTheMessageSaysBesidesThemStays() throws Exception {
        String out = printed("""
                {"importId":"abc","status":"FAILED","source":{"key":"incoming/a.csv"},
                 "message":"2 rows: 0 accepted (0 new, 0 updated, 0 unchanged), 2 rejected, 0 in conflict; no row was applied, see rejected.csv",
                 "counts":{"rows":2,"accepted":0,"new":0,"updated":0,"unchanged":0,"rejected":2,"conflicts":0,"warnings":0}}""");

        assertThat(out).contains("  no row was applied, see rejected.csv").contains("rows 2: accepted 0").doesNotContain("2 rows:");
        assertThat(out.lines().filter(l -> l.contains("rejected 2") || l.contains("2 rejected"))).hasSize(1);
    }

    @Test
    void aMessageThatIsOnlyTheCountsIsNotPrintedAndProbableDuplicatesAreCountedAndNamed() throws Exception {
        String out = printed("""
                {"importId":"abc","status":"COMPLETED","source":{"key":"incoming/a.csv"},
                 "message":"3 rows: 3 accepted (3 new, 0 updated, 0 unchanged), 0 rejected, 0 in conflict, 1 probable duplicates (duplicates.csv)",
                 "counts":{"rows":3,"accepted":3,"new":3,"updated":0,"unchanged":0,"rejected":0,"conflicts":0,"warnings":0,"duplicateCandidates":1}}""");

        assertThat(out).doesNotContain("3 rows:").contains("rows 3: accepted 3 (new 3").contains("probable duplicates 1")
                .contains("duplicates s3://custcode-local/imports/abc/duplicates.csv");
    }

    @Test
    void aMessageThatIsNotTheCountsIsPrintedWhole() throws Exception {
        String out = printed("""
                {"importId":"abc","status":"FAILED","source":{"key":"incoming/a.csv"},"message":"the file has a header but no data rows",
                 "counts":{"rows":0,"accepted":0,"new":0,"updated":0,"unchanged":0,"rejected":0,"conflicts":0,"warnings":0}}""");

        assertThat(out).contains("  the file has a header but no data rows");
    }

    @Test
    void aFileThatNamesACustomerTwiceShowsWhereItIsNoted() throws Exception {
        // QA: "warnings 0" and no warnings.csv path, though warnings.csv said line 3 is the same customer as line 2.
        String out = printed("""
                {"importId":"abc","status":"COMPLETED","source":{"key":"incoming/a.csv"},
                 "counts":{"rows":2,"accepted":2,"new":1,"updated":0,"unchanged":0,"rejected":0,"conflicts":0,"warnings":0,"duplicates":1}}""");

        assertThat(out).contains("in-file duplicates 1").contains("warnings   s3://custcode-local/imports/abc/warnings.csv");
        assertThat(printed("""
                {"importId":"abc","status":"COMPLETED","source":{"key":"incoming/a.csv"},
                 "counts":{"rows":1,"accepted":1,"new":1,"updated":0,"unchanged":0,"rejected":0,"conflicts":0,"warnings":0}}"""))
                .as("no such file").doesNotContain("warnings.csv");
        // QA: the API links every row file of a finished import, those with no rows too: the link is no reason to name it.
        assertThat(printed("""
                {"importId":"abc","status":"COMPLETED","source":{"key":"incoming/a.csv"},
                 "counts":{"rows":1,"accepted":1,"new":1,"updated":0,"unchanged":0,"rejected":0,"conflicts":0,"warnings":0,"duplicates":0},
                 "links":{"report":"http://x/report.json","rejected":"http://x/rejected.csv","conflicts":"http://x/conflicts.csv",
                          "warnings":"http://x/warnings.csv","duplicates":"http://x/duplicates.csv"}}"""))
                .as("a file of its header only").doesNotContain("warnings.csv").doesNotContain("rejected.csv");
    }
}
