package dev.custcode.testing;

import dev.custcode.export.FolderExporter;
import dev.custcode.ingest.IngestService;
import dev.custcode.ingest.IngestSettings;
import dev.custcode.scheme.SchemeSource;
import dev.custcode.ingest.IngestStores;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * One of each in-memory fake of the domain's ports (one file per fake, named after the port:
 * {@link InMemoryObjectStore}, {@link InMemoryCustomerStore} …), wired as the functions wire the
 * adapters, for unit and handler tests that need no AWS at all. The fakes follow the contracts the
 * DynamoDB and S3 adapters implement (conditional creates, ADD-style counters, leases), which the
 * integration tests check against the real thing.
 */
public final class InMemoryStores {
    public final InMemoryObjectStore objects = new InMemoryObjectStore();
    public final InMemoryCustomerStore customers = new InMemoryCustomerStore();
    public final InMemoryCodeAllocator counters = new InMemoryCodeAllocator();
    public final InMemoryImportStore imports = new InMemoryImportStore();
    public final InMemoryHistoryStore history = new InMemoryHistoryStore();
    public final InMemoryFolderStore folders = new InMemoryFolderStore();
    public final InMemoryGaplessNumbering gapless = new InMemoryGaplessNumbering(customers, counters);

    /** The chunk messages sent, in order ({@code importId#chunk}). */
    public final List<String> queued = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The re-drives a sweep sent, in order. */
    public final List<dev.custcode.ingest.IncomingObject> redriven = java.util.Collections.synchronizedList(new ArrayList<>());

    /** The chunks queue: chunk messages into {@link #queued}, re-drives into {@link #redriven}. */
    public final dev.custcode.store.ChunkQueue chunkQueue = new dev.custcode.store.ChunkQueue() {
        @Override
        public void send(String importId, Collection<Integer> chunks) {
            chunks.forEach(c -> queued.add(importId + "#" + c));
        }

        @Override
        public void redrive(dev.custcode.ingest.IncomingObject source) {
            redriven.add(source);
        }
    };

    /** The stores as the services take them (no chunks queue: every file in one invocation). */
    public IngestStores ingestStores() {
        return new IngestStores(objects, customers, counters, gapless, imports, history, folders);
    }

    /** An ingest whose large files fan out into {@link #queued} messages. */
    public IngestService fanningIngest(SchemeSource schemes, Clock clock, IngestSettings settings) {
        return new IngestService(new IngestStores(objects, customers, counters, gapless, imports, history, folders, chunkQueue),
                schemes, clock, settings);
    }

    public IngestService ingest(SchemeSource schemes, Clock clock, IngestSettings settings) {
        return new IngestService(ingestStores(), schemes, clock, settings);
    }

    public FolderExporter exporter(SchemeSource schemes, Clock clock) {
        return new FolderExporter(customers, folders, objects, schemes, clock);
    }
}
