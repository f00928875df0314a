package dev.custcode.customer;

import java.util.List;
import java.util.Map;

/**
 * A customer as stored: its permanent code, where it is filed now, what is known about it, and
 * the identity keys it is recognized by.
 *
 * <p>Build one by name: {@code Customer.builder().code("NED000001").folder("north/enterprise/tier-a")…build()},
 * or change one with {@link #toBuilder()}.
 *
 * @param code          the permanent code ({@code NEO000042}); never changes once assigned
 * @param prefix        the code's prefix, from the coded dimensions at creation
 * @param sequence      the code's sequence number
 * @param folder        its current folder path ({@code north/enterprise/tier-a}); null once retired
 * @param dimensions    dimension name → value key, now
 * @param attributes    field → value, merged from every file that mentioned it (normalized)
 * @param stamps        field → the stamp of the write that set (or cleared) it: upload time, key and
 *                      line, so that the most recently uploaded file wins whatever the processing order
 * @param keys          every identity key that recognizes it ({@code sid:C0001}, {@code tel:8613800138000} …)
 * @param version       increases with every write; updates are conditional on it
 * @param retired       its creating import was undone: the code stays taken, the customer is gone
 * @param createdAt     ISO-8601 instant of creation
 * @param updatedAt     ISO-8601 instant of the last change
 * @param firstImportId the import that created it
 * @param firstLine     the line of that import's file it was created from
 * @param lastImportId  the import that last wrote it
 * @param lastLine      the line of the last import's file it came from
 * @param mergedInto    the survivor's code once a steward merged this customer into another (it is
 *                      then retired too, its keys the survivor's); null otherwise
 */
public record Customer(
        String code,
        String prefix,
        long sequence,
        String folder,
        Map<String, String> dimensions,
        Map<String, String> attributes,
        Map<String, String> stamps,
        List<String> keys,
        long version,
        boolean retired,
        String createdAt,
        String updatedAt,
        String firstImportId,
        long firstLine,
        String lastImportId,
        long lastLine,
        String mergedInto) {

    public Customer {
        dimensions = Map.copyOf(dimensions);
        attributes = Map.copyOf(attributes);
        stamps = Map.copyOf(stamps);
        keys = List.copyOf(keys);
    }

    /** The one attribute an erased customer keeps: when its personal data was erased. */
    public static final String ERASED_AT = "erasedAt";

    public static Builder builder() {
        return new Builder();
    }

    /** Whether its personal data was erased (it is then retired too, and keeps only {@link #ERASED_AT}). */
    public boolean erased() {
        return retired && attributes.containsKey(ERASED_AT);
    }

    public Builder toBuilder() {
        return new Builder().code(code).prefix(prefix).sequence(sequence).folder(folder).dimensions(dimensions)
                .attributes(attributes).stamps(stamps).keys(keys).version(version).retired(retired)
                .createdAt(createdAt).updatedAt(updatedAt).first(firstImportId, firstLine).last(lastImportId, lastLine).mergedInto(mergedInto);
    }

    /** Builds a {@link Customer} by name. */
    public static final class Builder {
        private String code;
        private String prefix;
        private long sequence;
        private String folder;
        private Map<String, String> dimensions = Map.of();
        private Map<String, String> attributes = Map.of();
        private Map<String, String> stamps = Map.of();
        private List<String> keys = List.of();
        private long version;
        private boolean retired;
        private String createdAt;
        private String updatedAt;
        private String firstImportId;
        private long firstLine;
        private String lastImportId;
        private long lastLine;
        private String mergedInto;

        public Builder code(String v) { code = v; return this; }
        public Builder prefix(String v) { prefix = v; return this; }
        public Builder sequence(long v) { sequence = v; return this; }
        public Builder folder(String v) { folder = v; return this; }
        public Builder dimensions(Map<String, String> v) { dimensions = v; return this; }
        public Builder attributes(Map<String, String> v) { attributes = v; return this; }
        public Builder stamps(Map<String, String> v) { stamps = v; return this; }
        public Builder keys(List<String> v) { keys = v; return this; }
        public Builder version(long v) { version = v; return this; }
        public Builder retired(boolean v) { retired = v; return this; }
        public Builder createdAt(String v) { createdAt = v; return this; }
        public Builder updatedAt(String v) { updatedAt = v; return this; }
        public Builder first(String importId, long line) { firstImportId = importId; firstLine = line; return this; }
        public Builder last(String importId, long line) { lastImportId = importId; lastLine = line; return this; }
        public Builder mergedInto(String v) { mergedInto = v; return this; }

        public Customer build() {
            return new Customer(code, prefix, sequence, folder, dimensions, attributes, stamps, keys, version, retired,
                    createdAt, updatedAt, firstImportId, firstLine, lastImportId, lastLine, mergedInto);
        }
    }
}
