package dev.custcode.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** The real sample customer list no one here wrote ({@code shared/data/customers-10000.csv} beside the repository). */
public final class SampleData {
    private SampleData() {
    }

    /**
     * Its path: {@code $CUSTCODE_SAMPLE_DATA}, else beside the repository, else this machine's copy; the
     * calling test is skipped, saying why, when none exists (a clone without the shared data).
     */
    public static Path customers10000() {
        String env = System.getenv("CUSTCODE_SAMPLE_DATA");
        Path sample = env != null ? Path.of(env) : Path.of("../../shared/data/customers-10000.csv");
        if (!Files.exists(sample)) {
            sample = Path.of("/work/shared/data/customers-10000.csv");
        }
        Assumptions.assumeTrue(Files.exists(sample), "customers-10000.csv not found beside the repository nor in $CUSTCODE_SAMPLE_DATA: skipping");
        return sample;
    }
}
