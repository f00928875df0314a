package dev.custcode.store;

import dev.custcode.customer.Customer;
import java.util.List;

/** One atomic change of one customer and of the identity keys it owns. */
public sealed interface CustomerWrite {

    /** The customer as it is after the write. */
    Customer customer();

    /** A new customer: its code and every one of its keys must be free. */
    record Create(Customer customer) implements CustomerWrite {
    }

    /**
     * A change of a stored customer, made from the version read: {@code customer().version()} must
     * be {@code read + 1}. Keys in {@code added} must be free; keys in {@code removed} are given up.
     */
    record Update(Customer customer, long read, List<String> added, List<String> removed) implements CustomerWrite {
        public Update {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
        }
    }
}
