package dev.custcode.ingest;

import dev.custcode.classify.Classifier;
import dev.custcode.csv.CsvRow;
import dev.custcode.csv.HeaderMapping;
import dev.custcode.customer.CustomerFields;
import dev.custcode.identity.Identity;
import dev.custcode.identity.IdentityKeys;
import dev.custcode.scheme.Scheme;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns a parsed row into an {@link AcceptedRow} or the reason it is rejected. Pure. */
final class RowValidator {
    private final Scheme scheme;
    private final Classifier classifier;
    private final HeaderMapping header;
    private final LocalDate asOf;

    RowValidator(Classifier classifier, HeaderMapping header, LocalDate asOf) {
        this.scheme = classifier.scheme();
        this.classifier = classifier;
        this.header = header;
        this.asOf = asOf;
    }

    /** Either an accepted row or a rejection reason, never both. */
    record Outcome(AcceptedRow accepted, String rejection) {
    }

    Outcome validate(CsvRow row) {
        if (!row.ok()) {
            return new Outcome(null, row.problem());
        }
        Map<String, String> values = CustomerFields.derive(header.values(row.cells()));
        for (String field : scheme.required()) {
            if (!values.containsKey(field)) {
                return new Outcome(null, "required field " + field + " is empty");
            }
        }
        Optional<Identity> identity = IdentityKeys.of(values, scheme.identity());
        if (identity.isEmpty()) {
            return new Outcome(null, "no identity: none of " + describe(scheme.identity()) + " is present and valid");
        }
        return new Outcome(new AcceptedRow(row.line(), identity.get(), values, classifier.classify(values, asOf)), null);
    }

    private static String describe(List<String> kinds) {
        return String.join(", ", kinds.stream().map(k -> switch (k) {
            case "sourceId" -> "customer id";
            case "taxId" -> "tax id";
            case "phone" -> "phone";
            case "email" -> "email";
            case "nameCity" -> "name + city";
            default -> k;
        }).toList());
    }
}
