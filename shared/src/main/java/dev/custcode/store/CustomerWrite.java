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
     * Two stored customers changed together, and identity keys moved from one to the other (a merge
     * of {@code from} into {@code to}, or its undo): both are written from the versions read, and
     * each key in {@code moved} must still belong to {@code from}. All of it, or nothing.
     */
    record Transfer(Customer to, long toRead, Customer from, long fromRead, List<String> moved) implements CustomerWrite {
        public Transfer {
            moved = List.copyOf(moved);
        }

        @Override
        public Customer customer() {
            return to;
        }
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
