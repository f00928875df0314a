package dev.custcode.ingest;

import dev.custcode.classify.Classification;
import dev.custcode.identity.Identity;
import java.util.Map;

/** A row that passed validation: who it is, what it says, where it belongs. */
record AcceptedRow(long line, Identity identity, Map<String, String> values, Classification classification) {
}
