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
     * @return for each pending customer, in order, what became of it
     */
    List<Result> create(int batch, int round, List<Customer> pending, Map<String, Set<Long>> taken);

    /** What became of one pending customer. */
    sealed interface Result permits Created, LostRace, NoNumbers {
    }

    /** Created, with its code. */
    record Created(Customer customer) implements Result {
    }

    /** One of its keys belongs to another customer by now: its rows are decided again. */
    record LostRace() implements Result {
    }

    /**
     * Its prefix has no numbers left ({@code {seq:N}} is full): it cannot be created, and its rows
     * are rejected with the reason. A property of the data, so retrying would not help.
     */
    record NoNumbers(String reason) implements Result {
    }

    /** The run is done: numbers it holds and will not give go back (default: nothing held). */
    default void finish() {
    }
}
