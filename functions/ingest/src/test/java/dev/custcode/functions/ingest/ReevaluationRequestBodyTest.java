package dev.custcode.functions.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.custcode.evaluate.RunRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** What {@code config/reevaluate.json} may say: nothing, or an as-of date; anything else is refused, not ignored. */
class ReevaluationRequestBodyTest {
    private static final RunRequest REQUEST = RunRequest.fromObject("request", Instant.parse("2026-12-04T10:00:00Z"), RunRequest.REQUEST_KEY,
            "etag", "seq");

    private static RunRequest with(String body) {
        return ReevaluationRequestedHandler.withBody(REQUEST, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyBodyOrObjectIsTodayAndAnAsOfIsThatDay() {
        assertThat(with("").asOf()).isEqualTo(REQUEST.asOf());
        assertThat(with("{}").asOf()).isEqualTo(REQUEST.asOf());
        assertThat(with("{\"asOf\":\"2027-12-01\"}").asOf()).isEqualTo(LocalDate.parse("2027-12-01"));
    }

    @Test
    void previewTrueIsADryRunWithTheActiveScheme() {
        RunRequest preview = with("{\"asOf\":\"2027-12-01\",\"preview\":true}");
        assertThat(preview.draft()).isEqualTo(RunRequest.ACTIVE_SCHEME);
        assertThat(preview.draftKey()).isNull();
        assertThat(preview.asOf()).isEqualTo(LocalDate.parse("2027-12-01"));
        assertThat(with("{\"preview\":false}").draft()).isNull();
        assertThatThrownBy(() -> with("{\"preview\":\"yes\"}")).hasMessageContaining("preview is true");
    }

    @Test
    void aMisspelledKeyIsRefusedRatherThanARunAsOfToday() {
        assertThatThrownBy(() -> with("{\"asof\":\"2027-12-01\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("asof").hasMessageContaining("{\"asOf\":\"YYYY-MM-DD\"}");
        assertThatThrownBy(() -> with("{\"asOf\":\"2027-12-01\",\"as_of\":\"x\"}")).hasMessageContaining("as_of");
        assertThatThrownBy(() -> with("{\"asOf\":\"12/01/2027\"}")).hasMessageContaining("not a date");
    }
}
