package dev.custcode.ingest;

import dev.custcode.classify.Classifier;
import dev.custcode.identity.IdentityKeys;

/**
 * When a stored value stays though a newer one comes: the newer says less than the stored one.
 * An import applies these rules to the cells of a file ({@link BatchApplier}), and a merge to the
 * values the merged customer brings, so that a merge never does what no import would.
 */
public final class StoredValues {
    private StoredValues() {
    }

    /**
     * Whether {@code stored} stays over {@code incoming}: Excel's rounding of a stored number
     * ({@code 6.22848E+15}), a value that does not read as its field's type where the stored one does
     * ({@code 待定} for an amount), a contact that is none where the stored one is ({@code user16 at example.cn}).
     */
    public static boolean keepsStored(Classifier classifier, String field, String stored, String incoming) {
        if (stored == null) {
            return false;
        }
        return IdentityKeys.mangledByExcel(incoming) && !IdentityKeys.mangledByExcel(stored)
                || !classifier.understands(field, incoming) && classifier.understands(field, stored)
                || !IdentityKeys.readableContact(field, incoming) && IdentityKeys.readableContact(field, stored);
    }
}
