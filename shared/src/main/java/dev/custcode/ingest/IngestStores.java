package dev.custcode.ingest;

import dev.custcode.codes.CodeAllocator;
import dev.custcode.codes.GaplessNumbering;
import dev.custcode.store.ChunkQueue;
import dev.custcode.store.CustomerStore;
import dev.custcode.store.FolderStore;
import dev.custcode.store.HistoryStore;
import dev.custcode.store.ImportStore;
import dev.custcode.store.ObjectStore;

/**
 * The ports an import works with, by name.
 *
 * @param objects   the data bucket
 * @param customers customers and their keys
 * @param allocator block reservations (default numbering)
 * @param gapless   transactional numbering, for schemes that ask for it
 * @param imports   claims, leases, reservations, outcomes
 * @param history   every change of every customer
 * @param folders   the registry of leaf folders
 * @param chunks    the queue of large imports' chunks; null: every file is imported in one invocation
 */
public record IngestStores(ObjectStore objects, CustomerStore customers, CodeAllocator allocator, GaplessNumbering gapless,
                           ImportStore imports, HistoryStore history, FolderStore folders, ChunkQueue chunks) {

    public IngestStores(ObjectStore objects, CustomerStore customers, CodeAllocator allocator, GaplessNumbering gapless,
                        ImportStore imports, HistoryStore history, FolderStore folders) {
        this(objects, customers, allocator, gapless, imports, history, folders, null);
    }

    public IngestStores withChunks(ChunkQueue queue) {
        return new IngestStores(objects, customers, allocator, gapless, imports, history, folders, queue);
    }
}
