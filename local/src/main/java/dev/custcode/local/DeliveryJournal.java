package dev.custcode.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asynchronous events on disk from the moment they are accepted until their invocation ends, as
 * Lambda's asynchronous queue keeps them: {@code <data>/deliveries/<id>.json}. S3 writes an object
 * and journals its notification before it answers the PUT; an event leaves the journal when an
 * attempt succeeds or when it is dead-lettered. A stack started again on the same data directory
 * delivers what is left.
 *
 * <p>Each entry counts its failed attempts and remembers whether an attempt was running: an entry
 * found running at start-up was interrupted by a crash, which counts as a failed attempt (Lambda
 * counts a crashed invocation so), so a poison event that kills its stack is still dead-lettered
 * after the retry count rather than redelivered for ever. A clean stop marks running entries not
 * running: that attempt does not count.
 *
 * <p>Files are replaced by an atomic rename, so a kill at any moment leaves each entry whole.
 */
final class DeliveryJournal {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryJournal.class);

    /**
     * One accepted event.
     *
     * @param id          the entry's file name without {@code .json}
     * @param function    the function's logical id
     * @param description what the event is about, for logs
     * @param acceptedAt  when it was accepted (its age counts from here, as Lambda's MaximumEventAgeInSeconds)
     * @param attempts    failed attempts so far
     * @param running     an attempt started and has not ended
     * @param errors      each failed attempt's error
     * @param event       the event's JSON
     */
    record Entry(String id, String function, String description, Instant acceptedAt, int attempts, boolean running,
                 List<String> errors, String event) {
        Entry {
            errors = List.copyOf(errors);
        }

        Entry attempting() {
            return new Entry(id, function, description, acceptedAt, attempts, true, errors, event);
        }

        Entry failed(String error) {
            List<String> all = new ArrayList<>(errors);
            all.add(error);
            return new Entry(id, function, description, acceptedAt, attempts + 1, false, all, event);
        }

        Entry stopped() {
            return new Entry(id, function, description, acceptedAt, attempts, false, errors, event);
        }
    }

    private final Path dir;

    DeliveryJournal(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Journals a new event; when this returns it survives a crash. */
    Entry accept(String function, String description, String event) {
        String id = String.format("%013d-%s", System.currentTimeMillis(), UUID.randomUUID());
        Entry entry = new Entry(id, function, description, Instant.now(), 0, false, List.of(), event);
        write(entry);
        return entry;
    }

    /** Replaces an entry's state (attempt started, attempt failed, stopped). */
    void write(Entry e) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("function", e.function());
        node.put("description", e.description());
        node.put("acceptedAt", e.acceptedAt().toString());
        node.put("attempts", e.attempts());
        node.put("running", e.running());
        e.errors().forEach(node.putArray("errors")::add);
        try {
            node.set("event", Json.MAPPER.readTree(e.event()));
            Path tmp = dir.resolve(e.id() + ".tmp");
            Files.writeString(tmp, node.toString(), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, dir.resolve(e.id() + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException notAtomic) {
                Files.move(tmp, dir.resolve(e.id() + ".json"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException("could not journal the event " + e.description(), ex);
        }
    }

    /** The event's invocation ended (succeeded, or dead-lettered): it leaves the journal. */
    void remove(Entry e) {
        try {
            Files.deleteIfExists(dir.resolve(e.id() + ".json"));
        } catch (IOException ex) {
            LOG.error("could not remove the journaled event {}: {}", e.id(), ex.toString());
        }
    }

    /**
     * Every entry left, oldest first; an unreadable file is reported and left where it is. Half
     * written replacements ({@code .tmp}, a crash between write and rename) are deleted: the entry
     * they would have replaced is still whole, and a new event whose first write was cut was never
     * acknowledged (its upload failed and is sent again).
     */
    List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        try (Stream<Path> tmp = Files.list(dir)) {
            for (Path f : tmp.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
                try {
                    JsonNode n = Json.MAPPER.readTree(f.toFile());
                    List<String> errors = new ArrayList<>();
                    n.path("errors").forEach(x -> errors.add(x.asText()));
                    String name = f.getFileName().toString();
                    out.add(new Entry(name.substring(0, name.length() - ".json".length()), n.path("function").asText(),
                            n.path("description").asText(), Instant.parse(n.path("acceptedAt").asText()), n.path("attempts").asInt(),
                            n.path("running").asBoolean(), errors, n.path("event").toString()));
                } catch (IOException | RuntimeException bad) {
                    LOG.error("journaled event {} is not readable and is left in place: {}", f, bad.toString());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
