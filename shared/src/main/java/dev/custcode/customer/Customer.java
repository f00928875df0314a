package dev.custcode.customer;

import java.util.Map;

/**
 * A customer as stored: its permanent code, where it is filed now, and its latest attributes.
 *
 * @param identityKey   what recognizes it across files ({@link dev.custcode.identity.Identity#key()})
 * @param code          the permanent code ({@code NEO000042}); never changes once assigned
 * @param prefix        the code's prefix, from the coded dimensions at creation
 * @param sequence      the code's sequence number
 * @param folder        its current folder path ({@code north/enterprise/tier-a})
 * @param dimensions    dimension name → value key, now
 * @param attributes    field values from the latest row (normalized)
 * @param createdAt     ISO-8601 instant of creation
 * @param updatedAt     ISO-8601 instant of the last change
 * @param firstImportId the import that created it
 * @param firstLine     the line of that import's file it was created from
 * @param lastImportId  the import that last wrote it
 * @param lastLine      the line of the last import's file it came from
 */
public record Customer(
        String identityKey,
        String code,
        String prefix,
        long sequence,
        String folder,
        Map<String, String> dimensions,
        Map<String, String> attributes,
        String createdAt,
        String updatedAt,
        String firstImportId,
        long firstLine,
        String lastImportId,
        long lastLine) {

    public Customer {
        dimensions = Map.copyOf(dimensions);
        attributes = Map.copyOf(attributes);
    }

    /** Whether an update would change what is stored about this customer (ignoring bookkeeping fields). */
    public boolean sameContent(Customer other) {
        return folder.equals(other.folder) && dimensions.equals(other.dimensions) && attributes.equals(other.attributes);
    }
}
