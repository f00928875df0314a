package dev.custcode.ingest;

import dev.custcode.scheme.SchemeSource;
import dev.custcode.testing.InMemoryStores;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Files dropped one after another into an import on the in-memory stores, with the built-in scheme and a fixed clock. */
final class FileDrops {
    final InMemoryStores stores = new InMemoryStores();
    private final IngestService ingest = stores.ingest(SchemeSource.builtIn(),
            Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC), IngestSettings.DEFAULT);
    private int files;

    /** Imports this CSV text (UTF-8) as the next file, uploaded at {@code uploaded} (imports may run in another order than uploads). */
    ImportReport dropUploadedAt(Instant uploaded, String csv) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        String key = "incoming/file-" + (++files) + ".csv";
        String eTag = stores.objects.put(key, bytes);
        return ingest.ingest(new IncomingObject("test-bucket", key, null, eTag, bytes.length, uploaded));
    }

    /** Imports this CSV text (UTF-8) as the next file, {@code incoming/file-N.csv}. */
    ImportReport drop(String csv) {
        return drop(csv.getBytes(StandardCharsets.UTF_8));
    }

    /** Imports these bytes as the next file (an encoding other than UTF-8), {@code incoming/file-N.csv}. */
    ImportReport drop(byte[] bytes) {
        String key = "incoming/file-" + (++files) + ".csv";
        String eTag = stores.objects.put(key, bytes);
        return ingest.ingest(new IncomingObject("test-bucket", key, null, eTag, bytes.length));
    }
}
