package dev.custcode.ingest;

import dev.custcode.customer.Customer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How new customers get their codes and are created: in reserved blocks ({@link BlockNumbering},
 * the default) or gapless ({@link GaplessCreation}). Chosen once per import from the scheme.
 */
interface Numbering {

    /**
     * Gives each pending customer (code unset) a code and creates it with its keys.
     *
     * @param batch the batch's index in the file (a redo cuts the same batches)
     * @param round 0 for the batch's first attempt, more when rows lost a race and are decided again
     * @param taken prefix → numbers an earlier run of this import already gave to customers of this batch
     * @return for each pending customer, in order, the created customer, or null when one of its
     *         keys belongs to another customer by now (its rows are decided again)
     */
    List<Customer> create(int batch, int round, List<Customer> pending, Map<String, Set<Long>> taken);
}
